/** YOLO / darknet txt annotations: reader and writer. */
package dev.detect.io.yolo;
