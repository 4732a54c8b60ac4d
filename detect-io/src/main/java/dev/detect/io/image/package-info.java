/** Image headers: format, size, channels and EXIF orientation without decoding. */
package dev.detect.io.image;
