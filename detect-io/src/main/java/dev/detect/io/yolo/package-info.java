/**
 * YOLO / darknet txt annotations: {@link dev.detect.io.yolo.YoloReader} and {@link
 * dev.detect.io.yolo.YoloWriter}.
 *
 * <p>One {@code <image base name>.txt} per image, one line {@code class cx cy w h} per object:
 * {@code class} is a 0-based index into a class-name file ({@code classes.txt}, {@code obj.names}
 * or an Ultralytics {@code data.yaml}), the box centre and size are normalized by the image width
 * and height. The format holds no image size, so reading needs the images. It cannot store
 * difficult/truncated flags or poses: the writer reports them in {@code WriteResult.notWritten}.
 */
package dev.detect.io.yolo;
