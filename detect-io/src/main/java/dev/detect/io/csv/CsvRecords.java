package dev.detect.io.csv;

import dev.detect.core.DatasetFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records (RFC 4180: quoted fields may hold commas, doubled quotes and line
 * breaks; CRLF or LF line ends). Blank lines are skipped. Each record remembers its 1-based line.
 */
final class CsvRecords {
  private final String text;
  private final String source;
  private int pos;
  private int line = 1;

  CsvRecords(String text, String source) {
    this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    this.source = source;
  }

  /** One record: its fields and the line it starts on. */
  record Record(List<String> fields, int line) {}

  /** The next non-blank record, or null at the end of the text. */
  Record next() throws DatasetFormatException {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
      } else if (c == '\r') {
        pos++;
      } else {
        break;
      }
    }
    if (pos >= text.length()) {
      return null;
    }
    int startLine = line;
    List<String> fields = new ArrayList<>(8);
    while (true) {
      fields.add(pos < text.length() && text.charAt(pos) == '"' ? quoted(startLine) : plain());
      if (pos >= text.length()) {
        return new Record(fields, startLine);
      }
      char c = text.charAt(pos);
      if (c == ',') {
        pos++;
        continue;
      }
      // end of record: LF, or CR LF
      pos += c == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n' ? 2 : 1;
      line++;
      return new Record(fields, startLine);
    }
  }

  private String plain() throws DatasetFormatException {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ',' || c == '\n' || c == '\r') {
        break;
      }
      if (c == '"') {
        throw new DatasetFormatException(
            source,
            line,
            pos - lineStart(pos) + 1,
            "a quote inside an unquoted field; quote the whole field and double the inner quotes");
      }
      pos++;
    }
    return text.substring(start, pos);
  }

  private String quoted(int startLine) throws DatasetFormatException {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw new DatasetFormatException(
            source, startLine, 0, "unterminated quoted field (a '\"' is missing)");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        if (pos < text.length() && text.charAt(pos) == '"') {
          sb.append('"');
          pos++;
          continue;
        }
        if (pos < text.length() && ",\r\n".indexOf(text.charAt(pos)) < 0) {
          throw new DatasetFormatException(
              source,
              line,
              pos - lineStart(pos) + 1,
              "unexpected character after a closing quote; expected ',' or a line end");
        }
        return sb.toString();
      }
      if (c == '\n') {
        line++;
      }
      sb.append(c);
    }
  }

  private int lineStart(int at) {
    int i = at - 1;
    while (i >= 0 && text.charAt(i) != '\n') {
      i--;
    }
    return i + 1;
  }
}
