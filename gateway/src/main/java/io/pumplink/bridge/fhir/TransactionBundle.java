package io.pumplink.bridge.fhir;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A transaction Bundle whose every entry is keyed by an identifier: created only if no resource has it yet
 * (conditional create), or, for a Device whose details the message carries, created or replaced (conditional
 * update). So a message delivered twice, even across bridge restarts, leaves one copy of each resource.
 * Entries refer to each other by {@code urn:uuid:} fullUrls derived from the key: the same message gives the
 * same Bundle.
 */
final class TransactionBundle {
    private static final String QUERY_SAFE = "-._~:@/";
    private static final String HEX = "0123456789ABCDEF";

    private final Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);

    /** Adds {@code resource} unless the server has one with {@code key}; returns the in-bundle reference. */
    Reference createOnce(Resource resource, Identifier key) {
        Bundle.BundleEntryComponent entry = add(resource, key);
        entry.getRequest().setMethod(HTTPVerb.POST).setUrl(resource.fhirType()).setIfNoneExist(search(key));
        return new Reference(entry.getFullUrl());
    }

    /** Adds {@code resource}, replacing the server's one with {@code key} (or creating it). */
    Reference createOrReplace(Resource resource, Identifier key) {
        Bundle.BundleEntryComponent entry = add(resource, key);
        entry.getRequest().setMethod(HTTPVerb.PUT).setUrl(resource.fhirType() + "?" + search(key));
        return new Reference(entry.getFullUrl());
    }

    Bundle bundle() {
        return bundle;
    }

    private Bundle.BundleEntryComponent add(Resource resource, Identifier key) {
        String uuid = UUID.nameUUIDFromBytes((key.getSystem() + "|" + key.getValue()).getBytes(StandardCharsets.UTF_8))
                .toString();
        return bundle.addEntry().setFullUrl("urn:uuid:" + uuid).setResource(resource);
    }

    /**
     * {@code identifier=system|value}: the value escaped for a FHIR token search, then percent-encoded but for the
     * characters a query may carry as they are (so message ids stay readable). Systems are PumpLink's URNs.
     */
    static String search(Identifier key) {
        String token = key.getValue().replace("\\", "\\\\").replace("|", "\\|").replace(",", "\\,")
                .replace("$", "\\$");
        StringBuilder query = new StringBuilder("identifier=").append(key.getSystem()).append('|');
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (QUERY_SAFE.indexOf(c) >= 0 || Character.isLetterOrDigit(c) && c < 0x80) {
                query.append(c);
            } else {
                query.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
            }
        }
        return query.toString();
    }
}
