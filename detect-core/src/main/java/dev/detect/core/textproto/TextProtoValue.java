package dev.detect.core.textproto;

/**
 * The value of a field: a {@link TextProtoScalar} ({@code 1.5}, {@code 'cat'}, {@code RELU_6}) or a
 * {@link TextProtoMessage} ({@code { ... }}).
 */
public sealed interface TextProtoValue permits TextProtoScalar, TextProtoMessage {
  /** The 1-based line where the value starts in the parsed source; 0 if it was added by an edit. */
  int line();
}
