package dev.proxyfleet.inventory.proxy;

import static dev.proxyfleet.inventory.Api.assertFieldError;
import static dev.proxyfleet.inventory.Api.assertProblem;
import static dev.proxyfleet.inventory.Api.createProxy;
import static dev.proxyfleet.inventory.Api.proxyWith;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Named.named;

import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ProxyResourceTest {

    @Test
    void createsProxyAndNeverShowsItsPassword() {
        Map<String, Object> body = new HashMap<>(Api.proxyBody("pw-secret-create"));
        body.put("labels", java.util.List.of("eu", "fast"));
        body.put("location", "US-California");
        long id = Api.createProxy(body);

        given().get("/api/proxies/{id}", id).then().statusCode(200)
                .body("host", equalTo(body.get("host")))
                .body("passwordSet", equalTo(true))
                .body("password", nullValue())
                .body("maxAccounts", equalTo(3))
                .body("priority", equalTo(0))
                .body("enabled", equalTo(true))
                .body("version", equalTo(1))
                .body("labels", hasItem("fast"))
                .body(not(containsString("pw-secret-create")));
    }

    @Test
    void createAnswers201WithLocationOfTheNewProxy() {
        var created = post(proxyWith()).statusCode(201).extract();
        String location = created.header("Location");
        long id = created.jsonPath().getLong("id");

        assertThat(location).endsWith("/api/proxies/" + id);
        given().get(location).then().statusCode(200).body("id", equalTo((int) id));
    }

    // ---- validation ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "exa mple", "999.1.1.1", "-bad-.com"})
    void rejectsBlankOrMalformedHost(String host) {
        assertFieldError(post(proxyWith("host", host)), "host");
    }

    @ParameterizedTest
    @CsvSource({
            "10.20.30.40, 10.20.30.40",
            "2001:db8::1, 2001:db8::1",
            "[2001:db8::2], 2001:db8::2",
            "PROXY-Upper.Example.COM, proxy-upper.example.com"})
    void acceptsIpAddressesAndHostNamesStoredInCanonicalForm(String host, String stored) {
        long id = createProxy(proxyWith("host", host));

        given().get("/api/proxies/{id}", id).then().statusCode(200).body("host", equalTo(stored));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 65536})
    void rejectsPortOutOfRange(int port) {
        assertFieldError(post(proxyWith("port", port)), "port");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 101})
    void rejectsMaxAccountsOutOfRange(int maxAccounts) {
        assertFieldError(post(proxyWith("maxAccounts", maxAccounts)), "maxAccounts");
    }

    @Test
    void rejectsNegativePriority() {
        assertFieldError(post(proxyWith("priority", -1)), "priority");
    }

    static Stream<Arguments> wronglyTypedValues() {
        return Stream.of(
                Arguments.of("protocol", "FTP"),
                Arguments.of("port", "abc"),
                Arguments.of("priority", "high"),
                Arguments.of("enabled", "maybe"),
                Arguments.of("providerId", "acme"));
    }

    /** Through POST, and through PATCH where the field is patchable. */
    @ParameterizedTest(name = "{0} = \"{1}\"")
    @MethodSource("wronglyTypedValues")
    void rejectsUnknownEnumValueOrWrongTypeNamingTheField(String field, Object value) {
        assertFieldError(post(proxyWith(field, value)), field);
        if (ProxyService.PATCHABLE.contains(field)) {
            assertFieldError(patch(createProxy(proxyWith()), Map.of(field, value)), field);
        }
    }

    static Stream<Arguments> badLabels() {
        List<String> tooMany = IntStream.rangeClosed(1, 21).mapToObj(i -> "label-" + i).toList();
        return Stream.of(
                Arguments.of(named("21 labels", tooMany), "labels"),
                Arguments.of(named("a 65-character label", List.of("x".repeat(65))), "labels[0]"),
                Arguments.of(named("a blank label", List.of("ok", " ")), "labels[1]"));
    }

    @ParameterizedTest
    @MethodSource("badLabels")
    void rejectsTooManyOrTooLongLabels(List<String> labels, String field) {
        assertFieldError(post(proxyWith("labels", labels)), field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"providerId", "vpsId"})
    void rejectsReferenceToUnknownProviderOrVps(String field) {
        assertFieldError(post(proxyWith(field, Api.UNKNOWN_ID)), field);
    }

    @Test
    void answersMalformedJsonWithProblemThatLeaksNoInternals() {
        String body = assertProblem(postRaw(ContentType.JSON, "{\"host\": \"a.example\", \"port\": "), 400)
                .extract().asString();

        assertThat(body).doesNotContain("Exception", "dev.proxyfleet", "com.fasterxml");
    }

    @Test
    void rejectsNonJsonContentType() {
        postRaw(ContentType.XML, "<proxy><host>a.example</host></proxy>").statusCode(415);
    }

    // ---- duplicates ------------------------------------------------------------------------------------------

    @Test
    void rejectsDuplicateEndpointNamingTheExistingProxy() {
        Map<String, Object> first = proxyWith();

        assertDuplicateOf(createProxy(first), proxyWith("host", first.get("host"), "username", first.get("username")));
    }

    @Test
    void comparesHostsCaseInsensitivelyForDuplicates() {
        String host = "Dup-" + Api.unique() + ".Test.Example";
        Map<String, Object> first = proxyWith("host", host);

        assertDuplicateOf(createProxy(first),
                proxyWith("host", host.toLowerCase(), "username", first.get("username")));
    }

    @Test
    void treatsNoUsernameAsOneValueForDuplicates() {
        String host = Api.uniqueHost();
        Map<String, Object> first = proxyWith("host", host, "username", null, "password", null);

        assertDuplicateOf(createProxy(first), proxyWith("host", host, "username", null, "password", null));
    }

    @Test
    void treatsUsernameWithSurroundingBlanksAsTheSameForDuplicates() {
        Map<String, Object> first = proxyWith();

        assertDuplicateOf(createProxy(first),
                proxyWith("host", first.get("host"), "username", " " + first.get("username") + " "));
    }

    @Test
    void allowsSameHostAndPortWithAnotherUsername() {
        Map<String, Object> first = proxyWith();
        createProxy(first);

        post(proxyWith("host", first.get("host"), "username", "someone-else-" + Api.unique())).statusCode(201);
    }

    // ---- unknown ids, delete -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "PATCH", "DELETE"})
    void answers404ProblemForUnknownProxy(String method) {
        Api.assertNotFound(method, "/api/proxies/{id}", proxyWith());
    }

    @Test
    void deleteAnswers204AndTheProxyIsGone() {
        Api.assertDeletedAndGone("/api/proxies/{id}", createProxy(proxyWith()));
    }

    // ---- PATCH and PUT ---------------------------------------------------------------------------------------

    @Test
    void patchChangesOnlyTheGivenFieldsAndBumpsVersionByOne() {
        long providerBefore = Api.createProvider("Patch Before " + Api.unique());
        long providerAfter = Api.createProvider("Patch After " + Api.unique());
        long vps = Api.createVps("patch-vps-" + Api.unique());
        Map<String, Object> created = proxyWith("providerId", providerBefore, "labels", List.of("old"),
                "location", "DE-Berlin", "notes", "before", "protocol", "SOCKS5");
        long id = createProxy(created);
        Map<String, Object> patch = Map.of("enabled", false, "priority", 7, "labels", List.of("new", "fast"),
                "notes", "after", "maxAccounts", 9, "providerId", providerAfter, "vpsId", vps);

        patch(id, patch).statusCode(200)
                .body("enabled", equalTo(false))
                .body("priority", equalTo(7))
                .body("labels", equalTo(List.of("new", "fast")))
                .body("notes", equalTo("after"))
                .body("maxAccounts", equalTo(9))
                .body("providerId", equalTo((int) providerAfter))
                .body("vpsId", equalTo((int) vps))
                .body("host", equalTo(created.get("host")))
                .body("port", equalTo(created.get("port")))
                .body("username", equalTo(created.get("username")))
                .body("protocol", equalTo("SOCKS5"))
                .body("location", equalTo("DE-Berlin"))
                .body("passwordSet", equalTo(true))
                .body("version", equalTo(2));
    }

    static Stream<Arguments> rejectedPatches() {
        return Stream.of(
                Arguments.of(Map.of("host", "elsewhere.example"), "host"),
                Arguments.of(Map.of("port", 8080), "port"),
                Arguments.of(Map.of("password", "new-secret"), "password"),
                Arguments.of(Map.of("maxAccounts", 0), "maxAccounts"),
                Arguments.of(Map.of("labels", List.of("")), "labels[0]"));
    }

    @ParameterizedTest
    @MethodSource("rejectedPatches")
    void patchRejectsUnpatchableFieldsAndInvalidValues(Map<String, Object> patch, String field) {
        long id = createProxy(proxyWith());

        assertFieldError(patch(id, patch), field);
        given().get("/api/proxies/{id}", id).then().body("version", equalTo(1));
    }

    @Test
    void putWithIdenticalContentDoesNotBumpVersionAndKeepsThePassword() {
        Map<String, Object> body = proxyWith("labels", List.of("same"), "location", "FR-Paris", "priority", 2);
        long id = createProxy(body);
        body.remove("password");

        put(id, body).statusCode(200).body("version", equalTo(1)).body("passwordSet", equalTo(true));
    }

    @Test
    void putWithoutPasswordKeepsItButChangesTheRest() {
        Map<String, Object> body = proxyWith();
        long id = createProxy(body);
        body.remove("password");
        body.put("notes", "changed");

        put(id, body).statusCode(200).body("version", equalTo(2)).body("passwordSet", equalTo(true))
                .body("notes", equalTo("changed"));
    }

    @Test
    void putWithEmptyPasswordRemovesIt() {
        Map<String, Object> body = proxyWith();
        long id = createProxy(body);
        body.put("password", "");

        put(id, body).statusCode(200).body("passwordSet", equalTo(false)).body("version", equalTo(2));
    }

    // ---- list ------------------------------------------------------------------------------------------------

    /**
     * Four proxies only this test knows: a, b, c belong to a fresh provider and share a fresh label, a and d share a
     * fresh location (in different case), only a's host contains "alpha-n.".
     */
    record Fleet(int n, long providerId, String label, String location, Map<String, Long> ids) {

        static Fleet create() {
            int n = Api.unique();
            long provider = Api.createProvider("Filter Co " + n);
            String label = "filter-" + n;
            String location = "Loc-" + n;
            Map<String, Long> ids = new HashMap<>();
            ids.put("a", createProxy(proxyWith("host", "alpha-" + n + ".test.example", "protocol", "HTTP",
                    "providerId", provider, "location", location, "labels", List.of(label))));
            ids.put("b", createProxy(proxyWith("protocol", "SOCKS5", "enabled", false, "providerId", provider,
                    "labels", List.of("other", label))));
            ids.put("c", createProxy(proxyWith("protocol", "HTTPS", "providerId", provider, "labels", List.of(label),
                    "notes", "not alpha")));
            ids.put("d", createProxy(proxyWith("location", location.toUpperCase(), "labels", List.of(label + "-not"))));
            return new Fleet(n, provider, label, location, ids);
        }

        List<Long> ids(List<String> names) {
            return names.stream().map(ids::get).toList();
        }
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                filter("providerId", f -> Map.of("providerId", f.providerId()), "a", "b", "c"),
                filter("enabled", f -> Map.of("enabled", false, "providerId", f.providerId()), "b"),
                filter("protocol", f -> Map.of("protocol", "SOCKS5", "providerId", f.providerId()), "b"),
                filter("location, ignoring case", f -> Map.of("location", f.location().toLowerCase()), "a", "d"),
                filter("q in host, ignoring case", f -> Map.of("q", "ALPHA-" + f.n() + "."), "a"));
    }

    private static Arguments filter(String name, Function<Fleet, Map<String, Object>> query, String... expected) {
        return Arguments.of(named(name, query), List.of(expected));
    }

    @ParameterizedTest
    @MethodSource("filters")
    void filterNarrowsTheList(Function<Fleet, Map<String, Object>> query, List<String> expected) {
        Fleet fleet = Fleet.create();

        assertListed(query.apply(fleet), fleet.ids(expected));
    }

    @Test
    void labelFilterNarrowsTheList() {
        Fleet fleet = Fleet.create();

        assertListed(Map.of("label", fleet.label()), fleet.ids(List.of("a", "b", "c")));
        assertListed(Map.of("label", fleet.label(), "enabled", true), fleet.ids(List.of("a", "c")));
    }

    @Test
    void pagesThroughTheListWithTotal() {
        long provider = Api.createProvider("Paging Co " + Api.unique());
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createProxy(proxyWith("providerId", provider)));
        }

        List<Long> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonPath json = list(Map.of("providerId", provider, "size", 2, "page", page)).statusCode(200)
                    .body("total", equalTo(5)).body("page", equalTo(page)).body("size", equalTo(2))
                    .extract().jsonPath();
            seen.addAll(ids(json));
        }

        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void sortsByPriorityDescending() {
        long provider = Api.createProvider("Sorting Co " + Api.unique());
        for (int priority : new int[] {3, 0, 7}) {
            createProxy(proxyWith("providerId", provider, "priority", priority));
        }

        List<Integer> priorities = list(Map.of("providerId", provider, "sort", "-priority")).statusCode(200)
                .extract().jsonPath().getList("items.priority", Integer.class);

        assertThat(priorities).containsExactly(7, 3, 0);
    }

    @ParameterizedTest
    @CsvSource({"size, 501", "size, 0", "page, -1", "sort, password", "sort, -notes"})
    void rejectsBadPagingOrSortParameter(String parameter, String value) {
        assertFieldError(list(Map.of(parameter, value)), parameter);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static void assertDuplicateOf(long existingId, Map<String, Object> duplicate) {
        assertProblem(post(duplicate), 409).body("existingId", equalTo((int) existingId));
    }

    private static ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/proxies").then();
    }

    private static ValidatableResponse postRaw(ContentType type, String body) {
        return given().contentType(type).body(body).post("/api/proxies").then();
    }

    private static ValidatableResponse put(long id, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).put("/api/proxies/{id}", id).then();
    }

    private static ValidatableResponse patch(long id, Map<String, Object> patch) {
        return given().contentType(ContentType.JSON).body(patch).patch("/api/proxies/{id}", id).then();
    }

    private static ValidatableResponse list(Map<String, ?> query) {
        return given().queryParams(query).get("/api/proxies").then();
    }

    private static void assertListed(Map<String, Object> query, List<Long> expected) {
        JsonPath page = list(query).statusCode(200).extract().jsonPath();

        assertThat(ids(page)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(page.getLong("total")).isEqualTo(expected.size());
    }

    private static List<Long> ids(JsonPath page) {
        return page.getList("items.id", Long.class);
    }
}
