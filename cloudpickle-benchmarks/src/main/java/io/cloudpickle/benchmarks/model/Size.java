package io.cloudpickle.benchmarks.model;

/** The image size of jvm-serializers' MediaContent. */
public enum Size {

	SMALL, LARGE

}
