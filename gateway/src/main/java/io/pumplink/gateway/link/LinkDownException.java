package io.pumplink.gateway.link;

/** A request could not be carried: the link to its programmer is not up. */
public final class LinkDownException extends IllegalStateException {
    public LinkDownException(String linkId) {
        super("link " + linkId + " is not up");
    }
}
