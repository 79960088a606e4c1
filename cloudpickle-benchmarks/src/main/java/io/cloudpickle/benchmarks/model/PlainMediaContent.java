package io.cloudpickle.benchmarks.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link MediaContent} without {@code Serializable}: one {@link PlainMedia} and its
 * {@link PlainImage}s.
 */
public final class PlainMediaContent {

	public PlainMedia media;

	public List<PlainImage> images;

	public PlainMediaContent() {
	}

	public PlainMediaContent(PlainMedia media, List<PlainImage> images) {
		this.media = media;
		this.images = images;
	}

	/** The standard jvm-serializers instance: a keynote video and two images. */
	public static PlainMediaContent standard() {
		List<String> persons = new ArrayList<>();
		persons.add("Bill Gates");
		persons.add("Steve Jobs");
		PlainMedia media = new PlainMedia("http://javaone.com/keynote.mpg", "Javaone Keynote", 640, 480, "video/mpg4",
				18_000_000L, 58_982_400L, 262_144, true, persons, Player.JAVA, null);
		List<PlainImage> images = new ArrayList<>();
		images.add(new PlainImage("http://javaone.com/keynote_large.jpg", "Javaone Keynote", 1024, 768, Size.LARGE));
		images.add(new PlainImage("http://javaone.com/keynote_small.jpg", "Javaone Keynote", 320, 240, Size.SMALL));
		return new PlainMediaContent(media, images);
	}

	@Override
	public boolean equals(Object o) {
		if (this == o) {
			return true;
		}
		if (!(o instanceof PlainMediaContent)) {
			return false;
		}
		PlainMediaContent c = (PlainMediaContent) o;
		return Objects.equals(media, c.media) && Objects.equals(images, c.images);
	}

	@Override
	public int hashCode() {
		return Objects.hash(media, images);
	}

	@Override
	public String toString() {
		return "PlainMediaContent[media=" + media + ", images=" + images + "]";
	}

}
