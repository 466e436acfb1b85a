package io.launchgraph.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.launchgraph.app.config.AccessTokens.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** http.tokens: role:token lists, roles, and errors and logs that never show a token. */
class AccessTokensTest {
    private static final String READER = "r3ad-0123456789abcdef";
    private static final String WRITER = "wr1te-0123456789abcdef";

    @Test
    void shouldGiveEachTokenItsRoleAndNothingToOthers() {
        // given
        AccessTokens tokens = AccessTokens.parse(" read:" + READER + " , WRITE:" + WRITER);

        // when / then
        assertThat(tokens.roleOf(READER)).contains(Role.READ);
        assertThat(tokens.roleOf(WRITER)).contains(Role.WRITE);
        assertThat(tokens.roleOf(WRITER + "x")).isEmpty();
        assertThat(tokens.roleOf(WRITER.substring(1))).isEmpty();
        assertThat(tokens.roleOf("")).isEmpty();
        assertThat(tokens.roleOf(null)).isEmpty();
    }

    @Test
    void shouldLetWriteAlsoReadButNotTheOtherWayRound() {
        assertThat(Role.WRITE.allows(Role.READ)).isTrue();
        assertThat(Role.WRITE.allows(Role.WRITE)).isTrue();
        assertThat(Role.READ.allows(Role.READ)).isTrue();
        assertThat(Role.READ.allows(Role.WRITE)).isFalse();
    }

    @Test
    void shouldTreatEmptyAsNoTokens() {
        assertThat(AccessTokens.parse("").isEmpty()).isTrue();
        assertThat(AccessTokens.parse("  ").isEmpty()).isTrue();
        assertThat(AccessTokens.parse(null).peerToken()).isEmpty();
    }

    @Test
    void shouldForwardWithTheFirstWriteTokenElseTheFirst() {
        assertThat(AccessTokens.parse("read:" + READER + ",write:" + WRITER).peerToken()).contains(WRITER);
        assertThat(AccessTokens.parse("read:" + READER).peerToken()).contains(READER);
    }

    @Test
    void shouldNameTheBadEntryByPositionAndNeverShowItsToken() {
        // given: entries that are wrong in each way, each with a recognisable secret
        Map<String, String> bad = Map.of(
                "read:" + READER + ",s3cret-without-a-role-xyz", "entry 2 of 2 is not role:token",
                "admin:s3cret-admin-token-xyz", "entry 1 of 1 has an unknown role",
                "write:s3cret", "entry 1 of 1 has a token shorter than 16",
                "write:s3cret token with spaces", "entry 1 of 1 has a token with characters",
                "read:s3cret-repeated-xyz-0,write:s3cret-repeated-xyz-0", "entry 2 of 2 repeats the token",
                "read:" + READER + ",", "entry 2 of 2 is not role:token");

        bad.forEach((text, message) ->
                // when / then
                assertThatThrownBy(() -> AccessTokens.parse(text))
                        .as(message)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(message)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain(READER)));
    }

    @Test
    void shouldRefuseABadListAtLoadNamingTheKeyButNotTheToken() {
        assertThatThrownBy(() -> Settings.load(Map.of(), null, Map.of("LAUNCHGRAPH_HTTP_TOKENS", "reader:s3cret-0123456789abc"), Map.of()))
                .hasMessageContaining("http.tokens")
                .hasMessageContaining("entry 1 of 1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void shouldMaskTokensAndPasswordsWhereverSettingsArePrinted() {
        // given
        Settings s = Settings.load(Map.of(), null, Map.of("LAUNCHGRAPH_HTTP_TOKENS", "write:" + WRITER),
                Map.of("http.tls.keystore.password", "pw-s3cret", "http.tls.truststore.password", "pw2-s3cret",
                        "http.tls.key.password", "pw3-s3cret", "http.peer.token", "peer-s3cret-0123456789", "http.tls.keystore", "/etc/k.p12"));

        // when
        String printed = String.join("\n", s.describe()) + s.get(Keys.HTTP_TOKENS);

        // then
        assertThat(printed).doesNotContain(WRITER).doesNotContain("s3cret")
                .contains("http.tokens = **** (environment)", "http.tls.keystore = /etc/k.p12 (command line)",
                        "http.tls.keystore.password = ****", "http.peer.token = ****");
        assertThat(s.get(Keys.HTTP_TOKENS).toString()).isEqualTo("0 read and 1 write tokens");
    }

    @Test
    void shouldLeaveTheClientsTokenVariableToTheCli() {
        // given: a shell that exports the CLI's token
        Map<String, String> env = Map.of("LAUNCHGRAPH_TOKEN", WRITER);

        // when
        Settings s = Settings.load(Map.of(), null, env, Map.of());

        // then: not an unknown variable, and not a token of the service
        assertThat(s.get(Keys.HTTP_TOKENS).isEmpty()).isTrue();
    }
}
