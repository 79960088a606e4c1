package com.example.compute.api;

import java.io.Serializable;
import java.util.concurrent.Callable;

/** A {@link Callable} whose lambdas are serializable, so cloudpickle can ship them. */
@FunctionalInterface
public interface SerCallable<V> extends Callable<V>, Serializable {

}
