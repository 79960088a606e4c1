package io.cloudpickle.internal.codec;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind's record has its own tag, every tag is a kind's or one of the few that are
 * not, and the tag table reads back every code it writes.
 */
class TagsTest {

	@Test
	void kindsHaveDistinctTags() {
		Set<Tag> tags = new HashSet<>();
		for (Plan.Kind kind : Plan.Kind.values()) {
			if (kind != Plan.Kind.REFUSE) {
				assertThat(tags.add(kind.tag)).as("tag of %s", kind).isTrue();
			}
		}
	}

	@Test
	void everyTagBelongsToAKindOrIsAMarker() {
		Set<Tag> fromKinds = EnumSet.noneOf(Tag.class);
		for (Plan.Kind kind : Plan.Kind.values()) {
			if (kind.tag != null) {
				fromKinds.add(kind.tag);
			}
		}
		Set<Tag> markers = EnumSet.of(Tag.NULL, Tag.REF, Tag.SHORT_STRING, Tag.FALSE, Tag.PERSISTENT);
		for (Tag tag : Tag.values()) {
			if (!markers.contains(tag)) {
				assertThat(fromKinds).as("Tag.%s", tag).contains(tag);
			}
		}
	}

	@Test
	void codesAreTheDocumentedOnesAndLookUpTheirTag() {
		// docs/FORMAT.md §5, tag table: the codes run from 0 to 25 in this order.
		for (Tag tag : Tag.values()) {
			assertThat(tag.code).as("code of %s", tag).isEqualTo(tag.ordinal());
			assertThat(Tag.of(tag.code)).isSameAs(tag);
		}
		assertThat(Tag.values()).hasSize(26);
		assertThat(Tag.of(26)).isNull();
		assertThat(Tag.of(255)).isNull();
	}

	@Test
	void onlyTheDocumentedTagsGiveAnId() {
		Set<Tag> withId = EnumSet.noneOf(Tag.class);
		for (Tag tag : Tag.values()) {
			if (tag.givesId) {
				withId.add(tag);
			}
		}
		assertThat(withId).containsExactlyInAnyOrder(Tag.STRING, Tag.OBJECT, Tag.PRIMITIVE_ARRAY, Tag.OBJECT_ARRAY,
				Tag.COMPOSITE, Tag.LAMBDA, Tag.SERIAL, Tag.EXTERNAL, Tag.JDK, Tag.RECORD);
	}

}
