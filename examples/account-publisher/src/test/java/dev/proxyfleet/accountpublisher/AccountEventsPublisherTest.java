package dev.proxyfleet.accountpublisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import io.cloudevents.kafka.CloudEventSerializer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * What the CloudEvents SDK writes is what this project's consumers read: interoperability with an account service
 * that knows the contract and nothing of this code. (assignment-service's tests also bind an account it published.)
 */
class AccountEventsPublisherTest {

    @Test
    void theFleetDecodesWhatTheSdkWritesInBinaryMode() {
        OffsetDateTime inAnotherZone = OffsetDateTime.of(2026, 12, 5, 14, 30, 0, 0, ZoneOffset.ofHours(1));
        io.cloudevents.CloudEvent sent = AccountEventsPublisher.event("account.created", "acc-sdk-1", "m-sdk", inAnotherZone);

        CloudEvent<EventData> read = readAsTheFleetDoes(sent);

        assertThat(read.type()).isEqualTo(EventType.ACCOUNT_CREATED);
        assertThat(read.id().toString()).isEqualTo(sent.getId());
        assertThat(read.time()).isEqualTo(inAnotherZone.toInstant());
        assertThat(read.data()).isEqualTo(new AccountData("acc-sdk-1", "m-sdk", null, null));
    }

    @Test
    void anAccountWithoutModelIsSentWithANullModel() {
        io.cloudevents.CloudEvent deleted = AccountEventsPublisher.event("account.deleted", "acc-sdk-2", null, OffsetDateTime.now());

        assertThat(readAsTheFleetDoes(deleted).data()).isEqualTo(new AccountData("acc-sdk-2", null, null, null));
    }

    /** The record the SDK's serializer makes of the event (headers and value), decoded by the fleet's consumers' codec. */
    private static CloudEvent<EventData> readAsTheFleetDoes(io.cloudevents.CloudEvent event) {
        RecordHeaders headers = new RecordHeaders();
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(Map.of(), false);
            byte[] value = serializer.serialize(AccountEventsPublisher.TOPIC, headers, event);
            return CloudEvent.fromKafka(headers, value);
        }
    }
}
