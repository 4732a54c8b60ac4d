/** The detect command line and runnable examples. */
package dev.detect.examples;
