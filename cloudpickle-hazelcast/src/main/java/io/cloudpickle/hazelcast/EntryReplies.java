package io.cloudpickle.hazelcast;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.cloudpickle.ClassesMissingException;
import io.cloudpickle.Pickler;

/**
 * The replies of an entry processor run, sorted: results by key, entries whose member
 * lacked classes (left untouched there), and the first failure.
 */
record EntryReplies<K, R>(Map<K, R> values, Map<K, ClassesMissingException> missing, Optional<Throwable> failure) {

	@SuppressWarnings("unchecked")
	static <K, R> EntryReplies<K, R> read(Pickler pickler, Map<K, byte[]> replies) {
		Map<K, R> values = new LinkedHashMap<>();
		Map<K, ClassesMissingException> missing = new LinkedHashMap<>();
		Throwable failure = null;
		for (Map.Entry<K, byte[]> entry : replies.entrySet()) {
			if (entry.getValue() == null) {
				continue;
			}
			try {
				values.put(entry.getKey(), (R) Replies.read(pickler, entry.getValue()));
			}
			catch (ClassesMissingException ex) {
				missing.put(entry.getKey(), ex);
			}
			catch (Throwable ex) {
				if (failure == null) {
					failure = ex;
				}
			}
		}
		return new EntryReplies<>(values, missing, Optional.ofNullable(failure));
	}

	CompletableFuture<Map<K, R>> result() {
		return this.failure.isPresent() ? CompletableFuture.failedFuture(this.failure.get())
				: CompletableFuture.completedFuture(this.values);
	}

}
