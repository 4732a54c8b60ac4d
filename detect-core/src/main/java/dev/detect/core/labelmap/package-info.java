/** Label maps (StringIntLabelMap) and their .pbtxt form. */
package dev.detect.core.labelmap;
