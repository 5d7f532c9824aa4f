package dev.roomcast.mailbox.api.rest;

import dev.roomcast.common.auth.Principal;
import dev.roomcast.common.auth.TokenException;
import dev.roomcast.common.auth.TokenVerifier;
import dev.roomcast.mailbox.config.MailboxConfig;
import dev.roomcast.mailbox.support.ErrorCodes;
import dev.roomcast.mailbox.support.MailboxException;
import dev.roomcast.mailbox.timeline.MailboxKind;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may read which mailbox over REST. A room's public timeline is open (what every viewer sees anyway);
 * a gift timeline only to the room's anchor or a service; a user's private timeline only to that user or a service.
 */
@ApplicationScoped
public class MailboxAccess {

    private final TokenVerifier verifier;

    public MailboxAccess(MailboxConfig config) {
        this.verifier = new TokenVerifier(config.tokenSecrets(), config.serviceTokenSecrets());
    }

    public void checkRead(MailboxKind kind, String mboxId, String authorization) {
        if (kind == MailboxKind.ROOM || kind == MailboxKind.GLOBAL) {   // broadcasts went to every connection
            return;
        }
        Principal who = principal(authorization);
        String id = mboxId.substring(kind.prefix().length() + 1);
        boolean allowed = who.isService()
                || (kind == MailboxKind.GIFT && who.isAnchorOf(id))
                || (kind == MailboxKind.USER && who.userId().equals(id));
        if (!allowed) {
            throw new MailboxException(MailboxException.Kind.FORBIDDEN, ErrorCodes.FORBIDDEN,
                    "this token may not read " + kind.prefix() + " mailboxes other than its own");
        }
    }

    private Principal principal(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new MailboxException(MailboxException.Kind.UNAUTHENTICATED, ErrorCodes.UNAUTHENTICATED,
                    "an Authorization: Bearer token is required for this mailbox");
        }
        try {
            return verifier.verify(authorization.substring("Bearer ".length()).trim());
        } catch (TokenException e) {
            throw new MailboxException(MailboxException.Kind.UNAUTHENTICATED, ErrorCodes.UNAUTHENTICATED, e.describe());
        }
    }
}
