/** Boxes in pixel and normalized coordinates. */
package dev.detect.core.box;
