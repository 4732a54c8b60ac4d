package dev.detect.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the 8 columns can hold survives CsvAnnotationWriter then CsvAnnotationReader. */
class CsvRoundTripPropertyTest {
  @Property(tries = 300)
  void writeThenRead_givesTheSameSet(@ForAll("sets") AnnotationSet set)
      throws DatasetFormatException {
    String csv = CsvAnnotationWriter.builder().keepNegatives(true).build().toCsv(set);
    assertEquals(set, CsvAnnotationReader.defaults().parse(csv, "p.csv").annotations());
  }

  @Provide
  Arbitrary<AnnotationSet> sets() {
    Arbitrary<ImageAnnotation> image =
        Combinators.combine(
                text(),
                Arbitraries.integers().between(1, 9000),
                Arbitraries.integers().between(1, 9000),
                object().list().ofMaxSize(5))
            .as(
                (n, w, h, objects) ->
                    ImageAnnotation.builder(n + ".jpg", w, h).objects(objects).build());
    return image
        .list()
        .ofMaxSize(8)
        .uniqueElements(ImageAnnotation::fileName)
        .map(AnnotationSet::of);
  }

  private static Arbitrary<ObjectAnnotation> object() {
    Arbitrary<Double> c =
        Arbitraries.oneOf(
            Arbitraries.integers().between(-10, 5000).map(Integer::doubleValue),
            Arbitraries.doubles().between(-1e6, 1e6).map(d -> d == 0 ? 0.0 : d));
    return Combinators.combine(text(), c, c, c, c)
        .as((label, a, b, x, y) -> ObjectAnnotation.of(label, PixelBox.ofCorners(a, b, x, y)));
  }

  private static Arbitrary<String> text() {
    return Arbitraries.strings()
        .withChars("ab09 ,\"\n\r\t-_\u00e9\u4e2d".toCharArray())
        .ofMinLength(1)
        .ofMaxLength(10)
        .filter(s -> !s.isBlank());
  }
}
