package io.cloudpickle.benchmarks.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * jvm-serializers' {@code MediaContent}: one {@link Media} and its {@link Image}s,
 * {@link Serializable}.
 */
public final class MediaContent implements Serializable {

	private static final long serialVersionUID = 1L;

	public Media media;

	public List<Image> images;

	public MediaContent() {
	}

	public MediaContent(Media media, List<Image> images) {
		this.media = media;
		this.images = images;
	}

	/**
	 * The standard jvm-serializers instance: a keynote video and two images (about 250
	 * bytes of data).
	 */
	public static MediaContent standard() {
		List<String> persons = new ArrayList<>();
		persons.add("Bill Gates");
		persons.add("Steve Jobs");
		Media media = new Media("http://javaone.com/keynote.mpg", "Javaone Keynote", 640, 480, "video/mpg4",
				18_000_000L, 58_982_400L, 262_144, true, persons, Player.JAVA, null);
		List<Image> images = new ArrayList<>();
		images.add(new Image("http://javaone.com/keynote_large.jpg", "Javaone Keynote", 1024, 768, Size.LARGE));
		images.add(new Image("http://javaone.com/keynote_small.jpg", "Javaone Keynote", 320, 240, Size.SMALL));
		return new MediaContent(media, images);
	}

	@Override
	public boolean equals(Object o) {
		if (this == o) {
			return true;
		}
		if (!(o instanceof MediaContent)) {
			return false;
		}
		MediaContent c = (MediaContent) o;
		return Objects.equals(media, c.media) && Objects.equals(images, c.images);
	}

	@Override
	public int hashCode() {
		return Objects.hash(media, images);
	}

	@Override
	public String toString() {
		return "MediaContent[media=" + media + ", images=" + images + "]";
	}

}
