/**
 * Spring beans by reference: singleton beans of the application context pickle as
 * references the receiver resolves in its own context.
 */
@NullMarked
package io.cloudpickle.spring.beans;

import org.jspecify.annotations.NullMarked;
