package dev.sightline.lean;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.sun.jna.Native;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/**
 * What the app uses from each re-packed library works from this module's copy alone: the build
 * leaves the originals off this test's class path, so a native library, data file or resource
 * removed by mistake fails here rather than in the running app.
 */
class LeanDependenciesTests {

    @Test
    void duckDbLoadsItsNativeLibraryAndQueries() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select sum(i) from range(10) t(i)")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(1)).isEqualTo(45);
        }
    }

    @Test
    void theEmbeddingModelRunsOnOnnxRuntimeWithTheTokenizers() {
        EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        Embedding denied = model.embed("requests denied by the firewall").content();
        Embedding blocked = model.embed("blocked requests").content();
        Embedding weather = model.embed("the weather in Paris").content();

        assertThat(denied.dimension()).isEqualTo(384);
        assertThat(CosineSimilarity.between(denied, blocked)).isGreaterThan(CosineSimilarity.between(denied, weather));
    }

    /** Password hashes: the RFC 9106 Argon2id test vector, from the part of Bouncy Castle kept. */
    @Test
    void argon2idMatchesTheRfcTestVector() {
        byte[] password = filled(32, 0x01);
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(filled(16, 0x02)).withSecret(filled(8, 0x03)).withAdditional(filled(12, 0x04))
                .withIterations(3).withMemoryAsKB(32).withParallelism(4).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] tag = new byte[32];
        generator.generateBytes(password, tag);

        assertThat(HexFormat.of().formatHex(tag)).isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** The tokenizers' library reaches native code through JNA, which brings its own. */
    @Test
    void jnaLoadsItsNativeLibrary() {
        assertThat(Native.POINTER_SIZE).isEqualTo(8);
    }

    /** The calls mcp-client's ToolName makes, which must not need the ICU data left out. */
    @Test
    void icuNormalizesAndFindsConfusablesWithoutTheLocaleData() {
        assertThat(Normalizer2.getNFKCInstance().normalize("ｇｅｔ＿ｕｓｅｒｓ")).isEqualTo("get_users");
        assertThat(Normalizer2.getNFDInstance().normalize("é")).hasSize(2);

        SpoofChecker spoof = new SpoofChecker.Builder().build();
        assertThat(spoof.getSkeleton("p\u0430yp\u0430l")).isEqualTo(spoof.getSkeleton("paypal"));

        assertThat(UCharacter.isLetter('\u0430')).isTrue();
        assertThat(UScript.getName(UScript.getScript('\u0430'))).isEqualTo("Cyrillic");
        assertThat(UCharacter.getType(0x0301)).isEqualTo(UCharacterCategory.NON_SPACING_MARK);
        assertThat(UCharacter.hasBinaryProperty(0x200B, UProperty.DEFAULT_IGNORABLE_CODE_POINT)).isTrue();
        assertThat(UCharacter.hasBinaryProperty(0xFE0F, UProperty.VARIATION_SELECTOR)).isTrue();
    }

    /** The pages load /webjars/echarts/echarts.min.js; webjars-locator-lite finds the version in the Maven metadata. */
    @Test
    void echartsKeepsItsMinifiedBuildAndVersion() throws Exception {
        Properties pom = new Properties();
        try (InputStream in = resource("META-INF/maven/org.webjars/echarts/pom.properties")) {
            assertThat(in).isNotNull();
            pom.load(in);
        }
        try (InputStream script = resource("META-INF/resources/webjars/echarts/" + pom.getProperty("version") + "/echarts.min.js")) {
            assertThat(script).isNotNull();
        }
    }

    /** The spelling check reads the US and British word lists. */
    @Test
    void theEnglishWordListsAreThere() throws Exception {
        for (String name : new String[] {"en_US.dict", "en_US.info", "en_GB.dict", "en_GB.info"}) {
            try (InputStream in = resource("org/languagetool/resource/en/hunspell/" + name)) {
                assertThat(in).as(name).isNotNull();
            }
        }
    }

    private static InputStream resource(String name) {
        return LeanDependenciesTests.class.getClassLoader().getResourceAsStream(name);
    }
}
