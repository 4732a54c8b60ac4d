/** A lossless protobuf text-format tree: parse, edit, print byte for byte. */
package dev.detect.core.textproto;
