package io.cloudpickle.benchmarks.model;

/** The media player of jvm-serializers' MediaContent. */
public enum Player {

	JAVA, FLASH

}
