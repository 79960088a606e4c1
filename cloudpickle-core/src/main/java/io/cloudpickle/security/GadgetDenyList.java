package io.cloudpickle.security;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.cloudpickle.ClassRefusedException;

/**
 * Known deserialization gadget classes, refused by name by {@link ClassGates} before
 * anything is loaded, whether a payload names them by reference, ships a class under
 * their name, or names them inside a nested JDK stream.
 *
 * <p>
 * Written for this project from public descriptions of gadget chains; the entries are
 * ours, the sources are:
 * <ul>
 * <li>ysoserial (github.com/frohoff/ysoserial, src/main/java/ysoserial/payloads):
 * CommonsCollections1-7, CommonsBeanutils1, Groovy1, Spring1/2, C3P0, ROME, Hibernate1/2,
 * JBossInterceptors1, JavassistWeld1, Jdk7u21, JRMPClient/JRMPListener, Myfaces1/2,
 * Vaadin1, Wicket1, FileUpload1, Click1, Clojure, BeanShell1, MozillaRhino1/2,
 * AspectJWeaver, Jython1, JSON1, URLDNS (trigger only);</li>
 * <li>marshalsec (github.com/mbechler/marshalsec) and "Java Unmarshaller Security" (M.
 * Bechler, 2017) for the JNDI and bean-property chains;</li>
 * <li>the class names Jackson databind refuses in its SubTypeValidator, and the kinds of
 * classes Apache Fory lists in its DisallowedList (both consulted as inspiration; not
 * copied).</li>
 * </ul>
 * A package entry (ending with '.') covers the package and its sub-packages; a class
 * entry covers the class and its nested classes. The list errs towards refusing: nothing
 * on it has a legitimate reason to travel inside a task.
 */
public final class GadgetDenyList {

	/** Whole packages whose classes serve as gadgets or chain triggers. */
	static final List<String> PACKAGES = List.of(
			// commons-collections 3 and 4: Transformer chains (CC1-7)
			"org.apache.commons.collections.functors.", "org.apache.commons.collections4.functors.",
			// Groovy runtime closures and handlers (Groovy1)
			"org.codehaus.groovy.runtime.",
			// ROME bean helpers that call every getter (ROME)
			"com.sun.syndication.feed.impl.", "com.rometools.rome.feed.impl.",
			// c3p0 data sources with JNDI/URL class loading (C3P0)
			"com.mchange.v2.c3p0.",
			// JBoss Interceptors / Weld (JBossInterceptors1, JavassistWeld1)
			"org.jboss.interceptor.", "org.jboss.weld.interceptor.",
			// Clojure (Clojure), BeanShell (BeanShell1), Jython (Jython1), Rhino
			// (MozillaRhino1/2)
			"clojure.", "bsh.", "org.python.core.", "org.mozilla.javascript.",
			// RMI and JRMP (JRMPClient, JRMPListener): remote references and activation
			"java.rmi.", "sun.rmi.", "javax.management.remote.rmi.", "com.sun.jndi.",
			// JNDI (lookups load remote classes on old JDKs, reach LDAP/RMI servers on
			// all)
			"javax.naming.",
			// XSLT compiled templates: TemplatesImpl runs bytecode it carries (Jdk7u21,
			// CC2/3/4, CB1, Spring1)
			"com.sun.org.apache.xalan.internal.xsltc.", "org.apache.xalan.xsltc.",
			// BCEL class loader that defines classes from names ($$BCEL$$)
			"com.sun.org.apache.bcel.internal.util.", "org.apache.bcel.util.",
			// Script engines
			"javax.script.", "jdk.nashorn.", "org.openjdk.nashorn.",
			// JDK internals used by chains
			"sun.reflect.", "jdk.internal.", "sun.misc.");

	/** Single classes (and their nested classes). */
	static final Set<String> CLASSES = Set.of(
			// commons-collections maps and entries that call transformers on get/hashCode
			// (CC1, CC5, CC6, CC7)
			"org.apache.commons.collections.map.LazyMap", "org.apache.commons.collections.map.TransformedMap",
			"org.apache.commons.collections.map.DefaultedMap", "org.apache.commons.collections.keyvalue.TiedMapEntry",
			"org.apache.commons.collections.comparators.TransformingComparator",
			"org.apache.commons.collections4.map.LazyMap", "org.apache.commons.collections4.map.TransformedMap",
			"org.apache.commons.collections4.map.DefaultedMap", "org.apache.commons.collections4.keyvalue.TiedMapEntry",
			"org.apache.commons.collections4.comparators.TransformingComparator",
			// commons-beanutils: compares by calling arbitrary getters
			// (CommonsBeanutils1)
			"org.apache.commons.beanutils.BeanComparator", "org.apache.commons.beanutils.BeanMap",
			// Spring (Spring1, Spring2, marshalsec)
			"org.springframework.beans.factory.support.AutowireUtils",
			"org.springframework.core.SerializableTypeWrapper", "org.springframework.aop.framework.JdkDynamicAopProxy",
			"org.springframework.aop.framework.ReflectiveMethodInvocation",
			"org.springframework.aop.target.SimpleBeanTargetSource",
			"org.springframework.aop.config.MethodLocatingFactoryBean",
			"org.springframework.beans.factory.config.PropertyPathFactoryBean",
			"org.springframework.beans.factory.config.BeanReferenceFactoryBean",
			"org.springframework.jndi.support.SimpleJndiBeanFactory",
			"org.springframework.transaction.jta.JtaTransactionManager",
			// Hibernate (Hibernate1/2)
			"org.hibernate.engine.spi.TypedValue", "org.hibernate.tuple.component.AbstractComponentTuplizer",
			"org.hibernate.tuple.component.PojoComponentTuplizer", "org.hibernate.type.ComponentType",
			"org.hibernate.property.access.spi.GetterMethodImpl", "org.hibernate.property.BasicPropertyAccessor",
			"org.hibernate.jmx.StatisticsService",
			// JDK triggers and sinks: proxy handlers that call methods by name (CC1,
			// Jdk7u21), exceptions whose
			// readObject calls toString (CC5), JDBC row sets that perform JNDI lookups
			// (marshalsec), beans handlers
			"sun.reflect.annotation.AnnotationInvocationHandler", "javax.management.BadAttributeValueExpException",
			"javax.management.openmbean.CompositeDataInvocationHandler",
			"javax.management.MBeanServerInvocationHandler", "java.beans.EventHandler", "com.sun.rowset.JdbcRowSetImpl",
			"javax.sql.rowset.BaseRowSet", "java.lang.reflect.Proxy", "java.rmi.server.RemoteObjectInvocationHandler",
			"javax.swing.UIDefaults", "javax.swing.event.EventListenerList",
			"javax.print.attribute.standard.PrinterURI", "java.net.URLClassLoader", "java.lang.ProcessBuilder",
			"java.lang.Runtime", "com.sun.jndi.rmi.registry.ReferenceWrapper",
			"com.sun.org.apache.xpath.internal.objects.XString",
			// Myfaces, Vaadin, Wicket/FileUpload, Click, AspectJ, JSON-lib (ysoserial)
			"org.apache.myfaces.view.facelets.el.ValueExpressionMethodExpression",
			"org.apache.myfaces.context.servlet.FacesContextImpl", "com.vaadin.data.util.NestedMethodProperty",
			"com.vaadin.data.util.PropertysetItem", "org.apache.wicket.util.upload.DiskFileItem",
			"org.apache.commons.fileupload.disk.DiskFileItem", "org.apache.click.control.Column",
			"org.aspectj.weaver.tools.cache.SimpleCache", "net.sf.json.JSONObject",
			// JNDI and JDBC sinks reached through bean properties (marshalsec, Jackson's
			// list)
			"org.apache.xbean.propertyeditor.JndiConverter", "org.apache.commons.configuration.JNDIConfiguration",
			"org.apache.commons.configuration2.JNDIConfiguration", "ch.qos.logback.core.db.JNDIConnectionSource",
			"org.apache.log4j.receivers.db.JNDIConnectionSource",
			"org.apache.ibatis.datasource.jndi.JndiDataSourceFactory", "com.zaxxer.hikari.HikariConfig",
			"com.zaxxer.hikari.HikariDataSource", "org.apache.commons.dbcp.datasources.SharedPoolDataSource",
			"org.apache.commons.dbcp.datasources.PerUserPoolDataSource",
			"org.apache.tomcat.dbcp.dbcp2.datasources.SharedPoolDataSource",
			"org.apache.tomcat.dbcp.dbcp2.datasources.PerUserPoolDataSource", "com.mysql.cj.jdbc.admin.MiniAdmin",
			"org.apache.openjpa.ee.RegistryManagedRuntime", "org.apache.openjpa.ee.JNDIManagedRuntime",
			"org.apache.axis2.transport.jms.JMSOutTransportInfo",
			"org.apache.aries.transaction.jms.RecoverablePooledConnectionFactory",
			"org.apache.aries.transaction.jms.internal.XaPooledConnectionFactory",
			"com.sun.org.apache.xerces.internal.jaxp.datatype.XMLGregorianCalendarImpl",
			"org.apache.tomcat.dbcp.dbcp.BasicDataSource", "org.apache.commons.dbcp.BasicDataSource",
			"org.apache.tomcat.dbcp.dbcp2.BasicDataSource", "org.apache.commons.dbcp2.BasicDataSource",
			"org.slf4j.ext.EventData", "flex.messaging.util.concurrent.AsynchBeansWorkManagerExecutor",
			"com.sun.deploy.security.ruleset.DRSHelper", "org.apache.xalan.lib.sql.JNDIConnectionPool");

	private GadgetDenyList() {
	}

	/** Whether {@code className} (a binary name) is on the list. */
	public static boolean denies(String className) {
		return reason(className) != null;
	}

	/**
	 * Refuses {@code className} if it is on the list.
	 * @param how how the payload uses the class, for the message (e.g. "named by
	 * reference")
	 * @throws ClassRefusedException naming the class and the entry that denies it
	 */
	public static void requireNotDenied(String className, String how) {
		String entry = reason(className);
		if (entry != null) {
			throw new ClassRefusedException(className, "class " + className + " is " + how
					+ ", but it is a known deserialization" + " gadget (gadget deny-list entry " + entry + ")");
		}
	}

	/**
	 * Decisions for names seen before ({@link #ALLOWED} for none): every payload names
	 * its classes again.
	 */
	private static final ConcurrentHashMap<String, String> DECISIONS = new ConcurrentHashMap<>();

	private static final String ALLOWED = "";

	private static final int MAX_DECISIONS = 8_192;

	/** The entry that denies {@code className}, or null. */
	static String reason(String className) {
		String known = DECISIONS.get(className);
		if (known == null) {
			known = decide(className);
			if (DECISIONS.size() >= MAX_DECISIONS) {
				DECISIONS.clear();
			}
			DECISIONS.put(className, (known != null) ? known : ALLOWED);
		}
		return (known == null || known.isEmpty()) ? null : known;
	}

	private static String decide(String className) {
		String outer = className;
		int dollar = outer.indexOf('$');
		if (dollar > 0) {
			outer = outer.substring(0, dollar);
		}
		if (CLASSES.contains(outer)) {
			return outer;
		}
		for (String pkg : PACKAGES) {
			if (className.startsWith(pkg)) {
				return pkg + "*";
			}
		}
		return null;
	}

}
