package dev.roomcast.mailbox.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Typed configuration of the mailbox-service (prefix {@code roomcast.mailbox}). */
@ConfigMapping(prefix = "roomcast.mailbox")
public interface MailboxConfig {

    /** Identifies this instance in routes, leases and metrics; defaults to the host name. */
    Optional<String> instanceId();

    /** Secrets that verify tokens (HS256, at least 32 bytes); the first signs, the rest are accepted during rotation. */
    @WithDefault("roomcast-dev-secret-change-me-0123456789abcdef")
    List<String> tokenSecrets();
}
