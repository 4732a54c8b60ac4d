package dev.detect.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detect.train.FineTuneReport;
import dev.detect.train.TrainingResult;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of {@code detect train --json}: {@code outcome}, {@code step}, {@code final_loss} (null
 * when no step ran), {@code last_checkpoint}, {@code elapsed_seconds} and, when the run started
 * from {@code fine_tune_checkpoint}, a {@code fine_tune} object with the restore's counts and
 * names.
 */
final class TrainingResultJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TrainingResultJson() {}

  static String of(TrainingResult r) throws JsonProcessingException {
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
    doc.put("step", r.step());
    if (Double.isFinite(r.finalLoss())) {
      doc.put("final_loss", r.finalLoss());
    } else {
      doc.putNull("final_loss");
    }
    if (r.lastCheckpoint().isPresent()) {
      doc.put("last_checkpoint", r.lastCheckpoint().get().toString());
    } else {
      doc.putNull("last_checkpoint");
    }
    doc.put("elapsed_seconds", r.elapsedSeconds());
    if (r.fineTune().isPresent()) {
      doc.set("fine_tune", fineTune(r.fineTune().get()));
    } else {
      doc.putNull("fine_tune");
    }
    return MAPPER.writeValueAsString(doc);
  }

  private static ObjectNode fineTune(FineTuneReport f) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("checkpoint", f.checkpoint().toString());
    n.put("type", f.type().name().toLowerCase(Locale.ROOT));
    n.put("candidates", f.candidates());
    n.put("restored", f.restored().size());
    n.put("not_restored", f.candidates() - f.restored().size());
    n.put("not_in_checkpoint", f.missing().size());
    n.put("other_shape", f.shapeMismatch().size());
    n.put("checkpoint_unused", f.unused().size());
    n.set("not_in_checkpoint_names", names(f.missing()));
    n.set("other_shape_names", names(f.shapeMismatch()));
    n.set("checkpoint_unused_names", names(f.unused()));
    return n;
  }

  private static ArrayNode names(List<String> names) {
    ArrayNode a = MAPPER.createArrayNode();
    names.forEach(a::add);
    return a;
  }
}
