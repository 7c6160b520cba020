package dev.sightline.ask.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How close a question is in meaning to a tool's name and description, with the sentence-
 * embedding model that ships inside its jar (all-MiniLM-L6-v2, quantized; offline, a few
 * milliseconds a sentence). Loaded on first use; tool texts are embedded once. If the model cannot
 * load on this platform, the planner ranks by words alone.
 */
@Component
class ToolRanker {

    private static final Logger log = LoggerFactory.getLogger(ToolRanker.class);

    private final Map<String, float[]> embeddings = new ConcurrentHashMap<>();
    private volatile EmbeddingModel model;
    private volatile boolean unavailable;

    /** Cosine similarity in [-1, 1]; 0 when the model is unavailable. */
    double similarity(String question, String toolText) {
        EmbeddingModel m = model();
        if (m == null) {
            return 0;
        }
        float[] a = embeddings.computeIfAbsent("q:" + question, k -> m.embed(question).content().vector());
        float[] b = embeddings.computeIfAbsent("t:" + toolText, k -> m.embed(toolText).content().vector());
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        if (embeddings.size() > 5_000) {
            embeddings.clear();
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private EmbeddingModel model() {
        if (model == null && !unavailable) {
            synchronized (this) {
                if (model == null && !unavailable) {
                    try {
                        model = new AllMiniLmL6V2QuantizedEmbeddingModel();
                    } catch (RuntimeException | LinkageError e) {
                        unavailable = true;
                        log.warn("The sentence-embedding model could not load ({}); tools are ranked by words alone", e.toString());
                    }
                }
            }
        }
        return model;
    }
}
