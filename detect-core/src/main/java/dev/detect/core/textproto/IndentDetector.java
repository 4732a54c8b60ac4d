package dev.detect.core.textproto;

import java.util.ArrayDeque;
import java.util.Deque;

/** Finds a document's indentation step from its first field nested one level deeper. */
final class IndentDetector {
  private IndentDetector() {}

  /** The step, or two spaces when no nested field sits on its own line. */
  static String detect(TextProtoMessage root) {
    Deque<TextProtoMessage> queue = new ArrayDeque<>();
    queue.add(root);
    int visited = 0;
    while (!queue.isEmpty() && visited++ < 1000) {
      TextProtoMessage message = queue.poll();
      for (TextProtoField field : message.fields) {
        if (!field.isMessage()) {
          continue;
        }
        TextProtoMessage child = field.message();
        if (field.firstToken().trivia.indexOf('\n') >= 0 || message.isRoot()) {
          String outer = TextProtoMessage.indentOf(field);
          for (TextProtoField inner : child.fields) {
            String trivia = inner.firstToken().trivia;
            int nl = trivia.lastIndexOf('\n');
            String indent = nl < 0 ? null : trivia.substring(nl + 1);
            if (indent != null && indent.length() > outer.length() && indent.startsWith(outer)) {
              return indent.substring(outer.length());
            }
          }
        }
        queue.add(child);
      }
    }
    return "  ";
  }
}
