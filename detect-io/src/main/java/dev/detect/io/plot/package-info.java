/** PNG plots of evaluation results (Java2D), such as precision/recall curves. */
package dev.detect.io.plot;
