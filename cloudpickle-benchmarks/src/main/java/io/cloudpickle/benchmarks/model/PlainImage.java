package io.cloudpickle.benchmarks.model;

import java.util.Objects;

/** {@link Image} without {@code Serializable}. */
public final class PlainImage {

	public String uri;

	public String title; // optional

	public int width;

	public int height;

	public Size size;

	public PlainImage() {
	}

	public PlainImage(String uri, String title, int width, int height, Size size) {
		this.uri = uri;
		this.title = title;
		this.width = width;
		this.height = height;
		this.size = size;
	}

	@Override
	public boolean equals(Object o) {
		if (this == o) {
			return true;
		}
		if (!(o instanceof PlainImage)) {
			return false;
		}
		PlainImage i = (PlainImage) o;
		return width == i.width && height == i.height && Objects.equals(uri, i.uri) && Objects.equals(title, i.title)
				&& size == i.size;
	}

	@Override
	public int hashCode() {
		return Objects.hash(uri, title, width, height, size);
	}

	@Override
	public String toString() {
		return "PlainImage[uri=" + uri + ", title=" + title + ", " + width + "x" + height + ", size=" + size + "]";
	}

}
