package io.cloudpickle.internal.codec;

import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind's record has its own tag, and every tag is a kind's or one of the few that
 * are not.
 */
class TagsTest {

	@Test
	void kindsHaveDistinctTags() {
		Set<Integer> tags = new HashSet<>();
		for (Plan.Kind kind : Plan.Kind.values()) {
			if (kind != Plan.Kind.REFUSE) {
				assertThat(tags.add(kind.tag)).as("tag of %s", kind).isTrue();
			}
		}
	}

	@Test
	void everyTagBelongsToAKindOrIsAMarker() throws IllegalAccessException {
		Set<Integer> fromKinds = new TreeSet<>();
		for (Plan.Kind kind : Plan.Kind.values()) {
			fromKinds.add(kind.tag);
		}
		Set<String> markers = Set.of("NULL", "REF", "SHORT_STRING", "FALSE", "SHORT_STRING_MAX", "PERSISTENT");
		for (Field field : Tags.class.getDeclaredFields()) {
			if (markers.contains(field.getName())) {
				continue;
			}
			assertThat(fromKinds).as("Tags.%s", field.getName()).contains(field.getInt(null));
		}
	}

}
