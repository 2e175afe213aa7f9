package io.pumplink.bridge.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.EncodingEnum;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A FHIR R4 server endpoint in-process, on the JDK's HTTP server: it takes transaction Bundles POSTed to its base,
 * parses them with HAPI, validates them against the base R4 profiles (422 with the validator's OperationOutcome if
 * invalid), and carries out their conditional creates and updates on an in-memory store, answering with a
 * transaction-response Bundle. A test can script the next answers instead (a status and its OperationOutcome, or
 * a delay).
 */
public final class FhirTestServer implements AutoCloseable {
    private static final String PATH = "/fhir";
    private static final int UNPROCESSABLE = 422;

    /** A scripted answer: {@code status} with an OperationOutcome carrying {@code diagnostics}, after {@code delay}. */
    record Scripted(int status, String diagnostics, Duration delay) {
    }

    private final HttpServer http;
    private final ConcurrentLinkedQueue<Scripted> scripted = new ConcurrentLinkedQueue<>();
    /** Conditional key ({@code Type?identifier=...}) to the stored resource's id. */
    private final Map<String, String> stored = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Bundle> received = Collections.synchronizedList(new ArrayList<>());

    public FhirTestServer() throws IOException {
        // the validator's first use loads every R4 definition: not within a client's timeout
        R4Validation.errors(new Bundle());
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext(PATH, this::handle);
        http.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + PATH);
    }

    void script(Scripted answer) {
        scripted.add(answer);
    }

    /** What the store holds: conditional key → id, in creation order. */
    public Map<String, String> stored() {
        synchronized (stored) {
            return Map.copyOf(stored);
        }
    }

    public List<Bundle> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Scripted answer = scripted.poll();
            if (answer != null) {
                sleep(answer.delay());
                reply(exchange, answer.status(), outcome(answer.diagnostics()));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) || !PATH.equals(exchange.getRequestURI().getPath())) {
                reply(exchange, 405, outcome("only transactions are POSTed to the base here"));
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            EncodingEnum encoding = EncodingEnum.forContentType(contentType);
            IParser parser = (encoding == null ? EncodingEnum.JSON : encoding).newParser(R4Validation.CONTEXT);
            Bundle bundle;
            try (InputStream body = exchange.getRequestBody()) {
                bundle = parser.parseResource(Bundle.class, new String(body.readAllBytes(), StandardCharsets.UTF_8));
            } catch (DataFormatException e) {
                reply(exchange, 400, outcome("unparsable: " + e.getMessage()));
                return;
            }
            received.add(bundle);
            List<String> errors = R4Validation.errors(bundle);
            if (bundle.getType() != BundleType.TRANSACTION || !errors.isEmpty()) {
                reply(exchange, UNPROCESSABLE, outcome("invalid transaction: " + String.join("; ", errors)));
                return;
            }
            reply(exchange, 200, transact(bundle));
        }
    }

    private Bundle transact(Bundle bundle) {
        Bundle response = new Bundle().setType(BundleType.TRANSACTIONRESPONSE);
        for (BundleEntryComponent entry : bundle.getEntry()) {
            String type = entry.getResource().fhirType();
            String key = switch (entry.getRequest().getMethod()) {
                case POST -> type + "?" + entry.getRequest().getIfNoneExist();
                case PUT -> entry.getRequest().getUrl();
                default -> throw new IllegalArgumentException("unexpected " + entry.getRequest().getMethod());
            };
            // a conditional create finds the stored one (200), an update replaces it (200), else one is created
            String existing = stored.get(key);
            String id = existing != null ? existing : Integer.toString(stored.size() + 1);
            stored.putIfAbsent(key, id);
            response.addEntry().getResponse().setLocation(type + "/" + id)
                    .setStatus(existing == null ? "201 Created" : "200 OK");
        }
        return response;
    }

    private static OperationOutcome outcome(String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(IssueType.PROCESSING).setDiagnostics(diagnostics);
        return outcome;
    }

    private static void reply(HttpExchange exchange, int status, org.hl7.fhir.r4.model.Resource resource)
            throws IOException {
        byte[] body = R4Validation.CONTEXT.newJsonParser().encodeResourceToString(resource)
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/fhir+json;charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
