/**
 * JMH benchmarks, run by hand (never by {@code mvn test}):
 * {@code java -jar auth-benchmarks/target/benchmarks.jar [regex]}. Each benchmark sits in the package of
 * the code it measures.
 */
package io.netauth.bench;
