package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerMessagesTests {

    @Test
    void markupAndInvisibleCharactersGoTheWordsStay() {
        assertThat(ServerMessages.clean("<h1>Rate limited</h1>\r\n<p>Try again in **30 s**.</p>\u0000\u200b"))
                .isEqualTo("Rate limited Try again in 30 s.");
    }

    @Test
    void credentialsAreHidden() {
        assertThat(ServerMessages.clean("401: Authorization: Bearer abcdefghijklmnop was refused")).isEqualTo("401: Authorization: [hidden] [hidden] was refused");
        assertThat(ServerMessages.clean("bad request ?api_key=AKIAIOSFODNN7EXAMPLE&x=1")).isEqualTo("bad request ?api_key=[hidden]&x=1");
        assertThat(ServerMessages.clean("{\"access_token\": \"ya29.a0AfH6SMBx\", \"ok\": false}")).doesNotContain("ya29");
        assertThat(ServerMessages.clean("client_secret=s3cr3t password:hunter2")).isEqualTo("client_secret=[hidden] password:[hidden]");
        assertThat(ServerMessages.clean("signed eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl")).isEqualTo("signed [hidden]");
        assertThat(ServerMessages.clean("key sk_live_4eC39HqLyjWDarjtT1zdp7dcXYZ used")).isEqualTo("key [hidden] used");
    }

    @Test
    void ordinaryTextIsLeftAloneAndLongTextIsShortened() {
        assertThat(ServerMessages.clean("Site acme-prod has no traffic since 2026-11-20 (request 1234).")).isEqualTo(
                "Site acme-prod has no traffic since 2026-11-20 (request 1234).");
        String shown = ServerMessages.clean("Too many requests. ".repeat(1_000));
        assertThat(shown).hasSizeLessThanOrEqualTo(ServerMessages.MAX_CHARS).startsWith("Too many requests.").endsWith("…");
        assertThat(ServerMessages.clean(" \u0007 <br> ")).isNull();
        assertThat(ServerMessages.clean(null)).isNull();
    }
}
