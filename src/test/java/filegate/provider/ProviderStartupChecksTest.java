package filegate.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import filegate.support.ChildJvm;
import filegate.support.StartupRefusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad provider setting stops Filegate with one line naming the key, exit 2, before a file is touched. */
class ProviderStartupChecksTest extends StartupRefusal {
    /** Runs --sync with the given settings and checks the outcome every start-up error shares. */
    private String startupError(String... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            h.set(keyValues[i], keyValues[i + 1]);
        }
        return refused();
    }

    @Test
    void unknown_provider_type_lists_the_known_ones() {
        assertEquals("filegate.providers.acme.type=acme-ai is not a known provider type; allowed: anthropic, impala, mistral, openai,"
                        + " openai-compatible, together, vaero (set filegate.providers.acme.type)",
                startupError("filegate.providers.acme.type", "acme-ai", "filegate.providers.acme.base-url",
                        provider.baseUrl()));
    }

    @Test
    void default_provider_that_is_neither_configured_nor_a_type_is_refused() {
        assertEquals("provider 'mystery' is not a known provider type; allowed: anthropic, impala, mistral, openai, openai-compatible,"
                        + " together, vaero (set filegate.providers.mystery.type)",
                startupError("filegate.provider", "mystery"));
    }

    @Test
    void impala_without_base_url_is_refused() {
        assertEquals("filegate.providers.impala.base-url is not set: an impala provider has no default base URL"
                        + " (each customer or server has its own); set it to the API root, e.g. https://host/",
                startupError("filegate.provider", "impala"));
    }

    @Test
    void openai_compatible_without_base_url_is_refused() {
        assertEquals("filegate.providers.local.base-url is not set: an openai-compatible provider has no default"
                        + " base URL (each customer or server has its own); set it to the API root, e.g."
                        + " https://host/v1",
                startupError("filegate.providers.local.type", "openai-compatible"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "filegate.providers.openai.base-url | api.openai.com/v1"
                + " | filegate.providers.openai.base-url=api.openai.com/v1 is not allowed: expected an http:// or https:// URL",
        "filegate.providers.openai.base-url | ftp://127.0.0.1/v1"
                + " | filegate.providers.openai.base-url=ftp://127.0.0.1/v1 is not allowed: expected an http:// or https:// URL",
        "filegate.providers.openai.base-url | http://user:pw@127.0.0.1/v1"
                + " | filegate.providers.openai.base-url must not contain credentials; put the key in filegate.providers.openai.api-key",
        "filegate.providers.openai.base-url | http://127.0.0.1/v1?api-version=1"
                + " | filegate.providers.openai.base-url=http://127.0.0.1/v1?api-version=1 is not allowed: query parameters go in filegate.providers.openai.query, and a URL has no #fragment here",
        "filegate.providers.openai.expires-after-seconds | 3599"
                + " | filegate.providers.openai.expires-after-seconds=3599 is not allowed: expected a whole number from 3600 to 2592000",
        "filegate.providers.openai.expires-after-seconds | 2592001"
                + " | filegate.providers.openai.expires-after-seconds=2592001 is not allowed: expected a whole number from 3600 to 2592000",
        "filegate.providers.openai.expires-after-seconds | 1d"
                + " | filegate.providers.openai.expires-after-seconds=1d is not allowed: expected a whole number from 3600 to 2592000",
        "filegate.providers.openai.max-bytes | 0"
                + " | filegate.providers.openai.max-bytes=0 is not allowed: expected a whole number from 1 to 9223372036854775807",
        "filegate.providers.openai.success-codes | 200,404"
                + " | filegate.providers.openai.success-codes=200,404 is not allowed: expected 2xx HTTP status codes separated by commas, e.g. 200,201",
        "filegate.providers.openai.query | ?api-version=2024-10-21"
                + " | filegate.providers.openai.query=?api-version=2024-10-21 is not allowed: expected name=value pairs joined by &, without a leading ?, e.g. api-version=2024-10-21",
        "filegate.providers.openai.upload-path | files"
                + " | filegate.providers.openai.upload-path=files is not allowed: expected a path starting with / (e.g. /files), without ? or #; put query parameters in filegate.providers.openai.query",
        "filegate.providers.openai.auth-header | api key"
                + " | filegate.providers.openai.auth-header=api key is not allowed: expected an HTTP header name such as Authorization or api-key",
        "filegate.providers.openai.apikey | fg-test-typo"
                + " | filegate.providers.openai.apikey is not a provider setting (did you mean filegate.providers.openai.api-key?); a provider takes .api-key, .api-key-file, .auth-header, .auth-scheme, .await-processed, .base-url, .bytes-per-minute, .expires-after-seconds, .max-bytes, .max-in-flight, .part-size-bytes, .parts-in-flight, .parts-threshold-bytes, .query, .requests-per-minute, .success-codes, .type, .upload-path, .uploads-api",
        "filegate.providers.openai.requests-per-minute | 0"
                + " | filegate.providers.openai.requests-per-minute=0 is not allowed: expected a whole number from 1 to 1000000000",
        "filegate.providers.openai.max-in-flight | many"
                + " | filegate.providers.openai.max-in-flight=many is not allowed: expected a whole number from 1 to 1024",
    })
    void bad_provider_setting_is_one_line_and_exit_2(String key, String value, String message) {
        assertEquals(message, startupError(key, value));
    }

    @Test
    void expiry_on_a_provider_that_cannot_expire_files_is_refused() {
        assertEquals("filegate.providers.together.expires-after-seconds is set, but a together provider cannot set"
                        + " an expiry (it takes no expires_after); remove the setting",
                startupError("filegate.provider", "together", "filegate.providers.together.api-key", "fg-test-tg",
                        "filegate.providers.together.expires-after-seconds", "86400"));
    }

    @Test
    void bad_setting_of_a_configured_but_unused_provider_still_stops_start_up() {
        assertEquals("filegate.providers.spare.base-url=localhost:8000 is not allowed: expected an http:// or"
                        + " https:// URL",
                startupError("filegate.providers.spare.type", "openai-compatible",
                        "filegate.providers.spare.base-url", "localhost:8000"));
    }

    @Test
    void an_api_key_that_resolves_to_nothing_is_refused_rather_than_sending_no_credentials() {
        assertEquals("filegate.providers.azure.api-key is set but resolves to nothing (is the environment variable"
                        + " it names set?); set it, or remove the line to send no credentials",
                startupError("filegate.provider", "azure", "filegate.providers.azure.type", "openai-compatible",
                        "filegate.providers.azure.base-url", provider.root() + "/openai",
                        "filegate.providers.azure.api-key", "{{env:FG_TEST_VARIABLE_NOBODY_SETS}}"));
    }

    @Test
    void missing_together_key_names_its_variable() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(), Map.of(), List.of(
                "-Dfilegate.inbox=" + h.inbox, "-Dfilegate.manifest=" + h.manifest, "-Dfilegate.provider=together"),
                "--sync");
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals("filegate: no API key for provider 'together': set the environment variable TOGETHER_API_KEY"
                + " or filegate.providers.together.api-key", r.stderr().strip());
        assertFalse(Files.exists(h.manifest), "nothing may be touched before the configuration is valid");
        assertTrue(Files.exists(dropped));
    }
}
