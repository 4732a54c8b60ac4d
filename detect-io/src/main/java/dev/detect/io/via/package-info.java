/** VGG Image Annotator (VIA) JSON: reader and writer. */
package dev.detect.io.via;
