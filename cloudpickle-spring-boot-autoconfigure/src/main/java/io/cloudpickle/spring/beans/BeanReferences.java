package io.cloudpickle.spring.beans;

import java.util.IdentityHashMap;
import java.util.Map;

import io.cloudpickle.PersistentIds;
import io.cloudpickle.PickleException;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Singleton beans travel by reference: a closure that captures a service, a repository or
 * a client pickles it as {@code spring-bean:<name>:<type>}, and the receiver, running the
 * same application, resolves that name in its own application context. Values (strings,
 * numbers, enums, classes) always travel as values. A receiver that lacks the bean, or
 * has no application context, refuses the payload, naming the bean.
 */
public final class BeanReferences implements PersistentIds {

	/** Prefix of the ids this scheme writes. */
	public static final String PREFIX = "spring-bean:";

	private static final boolean AOP_PRESENT = ClassUtils.isPresent("org.springframework.aop.framework.Advised",
			BeanReferences.class.getClassLoader());

	private final ConfigurableListableBeanFactory beanFactory;

	/** Singleton instances (and the targets of singleton proxies) by identity. */
	private volatile Map<Object, String> names = Map.of();

	private volatile int indexedSingletons = -1;

	public BeanReferences(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public @Nullable String persistentId(Object obj) {
		if (obj instanceof CharSequence || obj instanceof Number || obj instanceof Boolean || obj instanceof Character
				|| obj instanceof Enum<?> || obj instanceof Class<?>) {
			return null;
		}
		String name = index().get(obj);
		return (name != null) ? PREFIX + name + ":" + obj.getClass().getName() : null;
	}

	@Override
	public Object persistentLoad(String id) {
		if (!id.startsWith(PREFIX)) {
			throw new PickleException("payload refers to " + id + ", which is not a Spring bean reference");
		}
		String rest = id.substring(PREFIX.length());
		int colon = rest.lastIndexOf(':');
		String name = (colon >= 0) ? rest.substring(0, colon) : rest;
		String type = (colon >= 0) ? rest.substring(colon + 1) : "?";
		Object bean;
		try {
			bean = this.beanFactory.getBean(name);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new PickleException("payload refers to Spring bean '" + name + "' (" + type
					+ ") of the sender's application context, but this receiver has no bean of that name", ex);
		}
		Object target = unwrap(bean);
		if (!target.getClass().getName().equals(type) && !bean.getClass().getName().equals(type)) {
			throw new PickleException("payload refers to Spring bean '" + name + "' of type " + type
					+ ", but this receiver's bean of that name is a " + target.getClass().getName());
		}
		return target.getClass().getName().equals(type) ? target : bean;
	}

	private Map<Object, String> index() {
		int count = this.beanFactory.getSingletonCount();
		if (count == this.indexedSingletons) {
			return this.names;
		}
		Map<Object, String> fresh = new IdentityHashMap<>();
		for (String name : this.beanFactory.getSingletonNames()) {
			Object singleton = this.beanFactory.getSingleton(name);
			if (singleton != null) {
				fresh.putIfAbsent(singleton, name);
				Object target = unwrap(singleton);
				if (target != singleton) {
					fresh.putIfAbsent(target, name);
				}
			}
		}
		this.names = fresh;
		this.indexedSingletons = count;
		return fresh;
	}

	/** The target of a proxy with a static target (what {@code this} is inside it). */
	private static Object unwrap(Object bean) {
		if (AOP_PRESENT && bean instanceof Advised advised && advised.getTargetSource().isStatic()) {
			try {
				Object target = advised.getTargetSource().getTarget();
				return (target != null) ? target : bean;
			}
			catch (Exception ex) {
				return bean;
			}
		}
		return bean;
	}

}
