/** Training, export and detection on TensorFlow Java. */
package dev.detect.train;
