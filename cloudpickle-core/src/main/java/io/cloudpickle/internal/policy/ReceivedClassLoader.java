package io.cloudpickle.internal.policy;

/**
 * Marks a loader that defines classes received by value: its classes go by value again
 * when pickled onward, so A → B → C works.
 */
public interface ReceivedClassLoader {

}
