package dev.sightline.ask.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;
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

    /** Tool texts recur with every question about a source; questions repeat when dashboards and follow-ups ask again. */
    private final Cache<String, Embedding> embeddings = Caffeine.newBuilder().maximumSize(5_000).build();
    private volatile EmbeddingModel model;
    private volatile boolean unavailable;

    /** Cosine similarity in [-1, 1]; 0 when the model is unavailable. */
    double similarity(String question, String toolText) {
        EmbeddingModel m = model();
        if (m == null) {
            return 0;
        }
        Embedding a = embeddings.get("q:" + question, k -> m.embed(question).content());
        Embedding b = embeddings.get("t:" + toolText, k -> m.embed(toolText).content());
        return CosineSimilarity.between(a, b);
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
