/** PASCAL VOC XML as labelImg writes it: reader and writer. */
package dev.detect.io.voc;
