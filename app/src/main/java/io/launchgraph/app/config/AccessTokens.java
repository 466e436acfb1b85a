package io.launchgraph.app.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bearer tokens of {@code http.tokens}: a comma-separated list of {@code role:token}. A
 * {@code write} token may also read. Errors name an entry by its position, never its text: the
 * text is a secret, and errors end up in logs.
 */
public final class AccessTokens {
    /** What a token may do; {@link #WRITE} includes {@link #READ}. */
    public enum Role {
        READ, WRITE;

        public boolean allows(Role needed) {
            return this == WRITE || needed == READ;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One configured token; only its digest is compared. */
    private record Entry(Role role, String token, byte[] digest) {}

    private static final int MIN_LENGTH = 16;
    public static final AccessTokens NONE = new AccessTokens(List.of());

    private final List<Entry> entries;

    private AccessTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Parses {@code role:token[,role:token...]}; empty text is no token at all. */
    public static AccessTokens parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<Entry> entries = new ArrayList<>();
        String[] parts = text.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            String where = "entry " + (i + 1) + " of " + parts.length;
            int colon = part.indexOf(':');
            if (part.isEmpty() || colon < 0) {
                throw new IllegalArgumentException(where + " is not role:token (roles: read, write)");
            }
            Role role = switch (part.substring(0, colon).trim().toLowerCase(Locale.ROOT)) {
                case "read" -> Role.READ;
                case "write" -> Role.WRITE;
                default -> throw new IllegalArgumentException(where + " has an unknown role; roles are read and write");
            };
            String token = part.substring(colon + 1).trim();
            if (token.length() < MIN_LENGTH) {
                throw new IllegalArgumentException(where + " has a token shorter than " + MIN_LENGTH
                        + " characters; use a random one, e.g. openssl rand -hex 24");
            }
            // Tokens travel in a header and in the page's cookie: keep them to characters both carry as they are.
            if (!token.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 0x80 || "._~+/=-".indexOf(c) >= 0)) {
                throw new IllegalArgumentException(where + " has a token with characters other than ASCII letters, digits and ._~+/=-");
            }
            for (Entry e : entries) {
                if (e.token().equals(token)) {
                    throw new IllegalArgumentException(where + " repeats the token of an earlier entry");
                }
            }
            entries.add(new Entry(role, token, digest(token)));
        }
        return new AccessTokens(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The role of a presented token, or empty when it is none of these. Every configured token
     * is compared, in constant time on digests of equal length, so that neither the time taken
     * nor an early exit tells a caller how much of a guess was right.
     */
    public Optional<Role> roleOf(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = digest(presented);
        Role found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(digest, e.digest()) && found == null) {
                found = e.role();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The token this instance presents to its peers when it forwards a request: the first write
     * token (the peers share the same list), else the first one; empty when there is none.
     */
    public Optional<String> peerToken() {
        return entries.stream().filter(e -> e.role() == Role.WRITE).findFirst()
                .or(() -> entries.stream().findFirst())
                .map(Entry::token);
    }

    /** How many tokens of each role, for the log: never the tokens. */
    @Override
    public String toString() {
        long write = entries.stream().filter(e -> e.role() == Role.WRITE).count();
        return (entries.size() - write) + " read and " + write + " write tokens";
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
