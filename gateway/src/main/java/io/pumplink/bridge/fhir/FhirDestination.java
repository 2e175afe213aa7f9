package io.pumplink.bridge.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.pumplink.bridge.Destination;
import io.pumplink.bridge.Outcome;
import io.pumplink.bridge.Received;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Delivers each message as a FHIR R4 transaction Bundle POSTed to the server's base URL. 2xx: delivered. 4xx but
 * 408 and 429: rejected for good, with the OperationOutcome's diagnostics. 408, 429, 5xx, no connection, timeout:
 * failed, tried again by the bridge. Reasons carry status and the server's diagnostics, never the Bundle.
 */
public final class FhirDestination implements Destination {
    /** A reason is one log line: the server's diagnostics are cut here. */
    static final int MAX_REASON_CHARS = 500;
    private static final int FIRST_CLIENT_ERROR = 400;
    private static final int REQUEST_TIMEOUT = 408;
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int FIRST_SERVER_ERROR = 500;

    private final FhirMapper mapper;
    private final IGenericClient client;

    /**
     * @param context the process's one R4 FhirContext; its client factory takes the timeouts of {@code settings}
     */
    public FhirDestination(FhirContext context, FhirSettings settings) {
        IRestfulClientFactory factory = context.getRestfulClientFactory();
        int timeoutMs = (int) settings.timeout().toMillis();
        factory.setConnectTimeout(timeoutMs);
        factory.setConnectionRequestTimeout(timeoutMs);
        factory.setSocketTimeout(timeoutMs);
        // the transaction is the only call: no /metadata request before it
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        this.mapper = new FhirMapper(settings.patients());
        this.client = context.newRestfulGenericClient(settings.base().toString());
    }

    @Override
    public String name() {
        return "fhir";
    }

    @Override
    public Outcome deliver(Received message) {
        Bundle bundle = mapper.map(message);
        if (bundle.getEntry().isEmpty()) {
            return new Outcome.Skipped("no FHIR resource for a " + message.envelope().getBodyCase() + " body");
        }
        try {
            client.transaction().withBundle(bundle).execute();
            return new Outcome.Delivered();
        } catch (FhirClientConnectionException e) {
            // a subclass of the one below, without a status: refused, timed out, reset
            return new Outcome.Failed(oneLine("no answer from the FHIR server: " + e.getMessage()));
        } catch (BaseServerResponseException e) {
            String reason = oneLine("HTTP " + e.getStatusCode() + ": " + diagnostics(e));
            return refused(e.getStatusCode()) ? new Outcome.Rejected(reason) : new Outcome.Failed(reason);
        }
    }

    @Override
    public void close() {
        // the client holds no connection of its own: the context's pooled HTTP client outlives it
    }

    /** A client error the same request would get again; 408 and 429 say "later", not "never". */
    private static boolean refused(int status) {
        return status >= FIRST_CLIENT_ERROR && status < FIRST_SERVER_ERROR && status != REQUEST_TIMEOUT
                && status != TOO_MANY_REQUESTS;
    }

    /** The OperationOutcome's issue diagnostics (else details text), else the status line's message. */
    private static String diagnostics(BaseServerResponseException e) {
        IBaseOperationOutcome outcome = e.getOperationOutcome();
        if (outcome instanceof OperationOutcome r4 && r4.hasIssue()) {
            return r4.getIssue().stream()
                    .map(issue -> issue.getSeverity().toCode() + " " + (issue.hasDiagnostics()
                            ? issue.getDiagnostics() : issue.getDetails().getText()))
                    .collect(Collectors.joining("; "));
        }
        return e.getMessage();
    }

    private static String oneLine(String text) {
        return Outcome.oneLine(text, MAX_REASON_CHARS);
    }
}
