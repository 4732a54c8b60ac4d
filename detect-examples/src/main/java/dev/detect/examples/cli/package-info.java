/** picocli commands of the detect command line. */
package dev.detect.examples.cli;
