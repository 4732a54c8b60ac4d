/** COCO JSON annotations: reader and writer. */
package dev.detect.io.coco;
