/** Per-image, seeded, multi-label stratified train/eval splitting. */
package dev.detect.core.split;
