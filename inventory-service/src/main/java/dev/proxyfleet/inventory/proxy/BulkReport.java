package dev.proxyfleet.inventory.proxy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.proxyfleet.web.Problem;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The outcome of a bulk edit for every proxy it named, in the request's order. */
public record BulkReport(int succeeded, int failed, List<Outcome> results) {

    /**
     * One proxy's outcome: {@code status} as a single request would have answered it (200, 204 for a delete), and on
     * failure the problem document that request would have had.
     */
    @Schema(name = "BulkOutcome")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(long id, int status, Problem problem) {

        static Outcome failed(long id, Problem problem) {
            return new Outcome(id, problem.status(), problem);
        }
    }

    static BulkReport of(List<Outcome> results) {
        int succeeded = (int) results.stream().filter(r -> r.problem() == null).count();
        return new BulkReport(succeeded, results.size() - succeeded, results);
    }
}
