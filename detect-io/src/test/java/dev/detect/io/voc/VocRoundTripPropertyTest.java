package dev.detect.io.voc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any annotation the model can hold survives VocWriter then VocReader unchanged. */
class VocRoundTripPropertyTest {
  private static final String CHARS = "abzAZ09 _-.&<>\"'#=,;:()\u00e9\u4e2d\t";

  @Property(tries = 500)
  void writeThenRead_givesTheSameAnnotation(@ForAll("images") ImageAnnotation image)
      throws IOException {
    byte[] xml = VocWriter.defaults().toXml(image).getBytes(StandardCharsets.UTF_8);
    ImageAnnotation read =
        new VocFileParser(null)
            .parse(Path.of("property.xml"), xml, xml.length, new VocFileParser.ThreadState().cache)
            .image();
    // labelImg always writes <path>; with none known it writes the file name.
    ImageAnnotation expected =
        image.toBuilder().path(image.path().orElse(image.fileName())).build();
    assertEquals(expected, read);
  }

  @Provide
  Arbitrary<ImageAnnotation> images() {
    Arbitrary<String> fileName =
        Combinators.combine(text(), Arbitraries.of(".jpg", ".png", ".JPG")).as(String::concat);
    Arbitrary<Optional<String>> optionalText = text().optional();
    Arbitrary<int[]> size =
        Combinators.combine(
                Arbitraries.integers().between(1, 20000),
                Arbitraries.integers().between(1, 20000),
                Arbitraries.integers().between(1, 4))
            .as((w, h, d) -> new int[] {w, h, d});
    Arbitrary<List<ObjectAnnotation>> objects = objects().list().ofMaxSize(6);
    return Combinators.combine(
            fileName, optionalText, optionalText, size, Arbitraries.of(true, false), objects)
        .as(
            (name, folder, path, s, verified, list) ->
                ImageAnnotation.builder(name, s[0], s[1])
                    .depth(s[2])
                    .folder(folder.orElse(null))
                    .path(path.orElse(null))
                    .verified(verified)
                    .objects(list)
                    .build());
  }

  private Arbitrary<ObjectAnnotation> objects() {
    Arbitrary<String> pose = Arbitraries.oneOf(Arbitraries.of("Unspecified", "Left", ""), text());
    Arbitrary<PixelBox> box =
        Combinators.combine(coordinate(), coordinate(), coordinate(), coordinate())
            .as(PixelBox::ofCorners);
    return Combinators.combine(
            text(), box, Arbitraries.of(true, false), Arbitraries.of(true, false), pose)
        .as(ObjectAnnotation::new);
  }

  /** Non-blank text without surrounding white space (the reader trims element text). */
  private static Arbitrary<String> text() {
    return Arbitraries.strings()
        .withChars(CHARS.toCharArray())
        .ofMinLength(1)
        .ofMaxLength(12)
        .map(String::strip)
        .filter(s -> !s.isEmpty());
  }

  private static Arbitrary<Double> coordinate() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 5000).map(Integer::doubleValue),
        Arbitraries.doubles().between(-1e7, 1e7).map(d -> d == 0 ? 0.0 : d),
        Arbitraries.doubles().between(0, 1).ofScale(17));
  }
}
