/** The seed's 8-column annotation CSV: reader and writer. */
package dev.detect.io.csv;
