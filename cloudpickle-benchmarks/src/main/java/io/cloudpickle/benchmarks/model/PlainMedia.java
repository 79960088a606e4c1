package io.cloudpickle.benchmarks.model;

import java.util.List;
import java.util.Objects;

/**
 * {@link Media} without {@code Serializable}. Mutable with a no-arg constructor so every
 * library can build it.
 */
public final class PlainMedia {

	public String uri;

	public String title; // optional

	public int width;

	public int height;

	public String format;

	public long duration;

	public long size;

	public int bitrate; // optional

	public boolean hasBitrate;

	public List<String> persons;

	public Player player;

	public String copyright; // optional

	public PlainMedia() {
	}

	public PlainMedia(String uri, String title, int width, int height, String format, long duration, long size,
			int bitrate, boolean hasBitrate, List<String> persons, Player player, String copyright) {
		this.uri = uri;
		this.title = title;
		this.width = width;
		this.height = height;
		this.format = format;
		this.duration = duration;
		this.size = size;
		this.bitrate = bitrate;
		this.hasBitrate = hasBitrate;
		this.persons = persons;
		this.player = player;
		this.copyright = copyright;
	}

	@Override
	public boolean equals(Object o) {
		if (this == o) {
			return true;
		}
		if (!(o instanceof PlainMedia)) {
			return false;
		}
		PlainMedia m = (PlainMedia) o;
		return width == m.width && height == m.height && duration == m.duration && size == m.size
				&& bitrate == m.bitrate && hasBitrate == m.hasBitrate && Objects.equals(uri, m.uri)
				&& Objects.equals(title, m.title) && Objects.equals(format, m.format)
				&& Objects.equals(persons, m.persons) && player == m.player && Objects.equals(copyright, m.copyright);
	}

	@Override
	public int hashCode() {
		return Objects.hash(uri, title, width, height, format, duration, size, bitrate, hasBitrate, persons, player,
				copyright);
	}

	@Override
	public String toString() {
		return "PlainMedia[uri=" + uri + ", title=" + title + ", " + width + "x" + height + ", format=" + format
				+ ", duration=" + duration + ", size=" + size + ", bitrate=" + bitrate + ", hasBitrate=" + hasBitrate
				+ ", persons=" + persons + ", player=" + player + ", copyright=" + copyright + "]";
	}

}
