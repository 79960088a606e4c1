package io.cloudpickle.hazelcast;

/**
 * The beans of a member's application, for {@link MemberContext#bean}; the Spring Boot
 * auto-configuration provides one backed by the member's application context.
 */
public interface MemberBeans {

	/** No application context: every lookup fails, saying so. */
	MemberBeans NONE = new MemberBeans() {

		@Override
		public <T> T bean(Class<T> type) {
			throw new IllegalStateException("this member has no application context, so it has no bean of type "
					+ type.getName() + " (configure the member with CloudPickleHazelcast.configureMember(config, "
					+ "pickler, beans) or run it as a Spring Boot application)");
		}

		@Override
		public Object bean(String name) {
			throw new IllegalStateException("this member has no application context, so it has no bean named " + name);
		}

	};

	<T> T bean(Class<T> type);

	Object bean(String name);

}
