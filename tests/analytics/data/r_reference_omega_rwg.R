# Regenerates the R reference values used by tests/analytics/test_published_omega_rwg.py.
# Run ONCE by hand (the test suite never needs R):
#   apt-get install r-base-core r-cran-multilevel r-cran-psych r-cran-psychtools \
#                   r-cran-gparotation r-cran-lavaan r-cran-semtools
#   Rscript tests/analytics/data/r_reference_omega_rwg.R /tmp/rref
# Versions used: R 4.2.2, multilevel 2.7, psych 2.2.9, psychTools 2.2.9, lavaan 0.6.14,
# semTools 0.5.6. The raw CSVs written to the output folder were copied into this folder with a
# citation header (lq2002_lead.csv, lq2002_r_multilevel.csv, sai_anxiety.csv); the printed
# omega values are quoted in the header of sai_anxiety.csv.
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "."
suppressMessages({library(psych); library(psychTools); library(lavaan); library(semTools)})
cat("R", R.version.string, " psych", as.character(packageVersion("psych")), " psychTools", as.character(packageVersion("psychTools")),
    " lavaan", as.character(packageVersion("lavaan")), " semTools", as.character(packageVersion("semTools")), "\n")
anxiety <- sai[c("anxious","jittery","nervous","tense","upset","at.ease","calm","confident","content","relaxed")]
# 1. reproduce the printed example (omega vignette sec 4.4)
om <- omega(anxiety, 2, plot=FALSE)
cat(sprintf("printed-example repro: alpha=%.6f omega.tot=%.6f omega_h=%.6f n.obs=%d\n", om$alpha, om$omega.tot, om$omega_h, om$stats$n.obs))
# 2. one-factor ML on complete cases, reverse-keyed items recoded 5 - x
cc <- na.omit(anxiety); rev <- c("at.ease","calm","confident","content","relaxed")
rc <- cc; rc[rev] <- 5 - rc[rev]
cat("complete rows:", nrow(cc), "\n")
write.csv(anxiety, file.path(out, "sai_anxiety.csv"), row.names=FALSE, na="")
one <- function(d, label) {
  fa1 <- factanal(d, 1)
  sd <- apply(d, 2, sd); lam <- fa1$loadings[,1]*sd; psi <- fa1$uniquenesses*sd^2
  om_fa <- sum(lam)^2/(sum(lam)^2+sum(psi))
  model <- paste("f =~", paste(names(d), collapse=" + "))
  fit <- cfa(model, data=d, estimator="ML")
  cr <- compRelSEM(fit, obs.var=FALSE)
  cr_obs <- compRelSEM(fit, obs.var=TRUE)
  ps <- suppressWarnings(omega(d, nfactors=1, fm="ml", plot=FALSE))
  cat(sprintf("%s: factanal omega=%.10f  semTools compRelSEM(obs.var=FALSE)=%.10f  compRelSEM(obs.var=TRUE)=%.10f  psych omega(nfactors=1,fm='ml') omega.tot=%.10f\n",
      label, om_fa, cr, cr_obs, ps$omega.tot))
  cat("  factanal std loadings:", sprintf("%.6f", fa1$loadings[,1]), "\n")
  cat("  factanal uniquenesses:", sprintf("%.6f", fa1$uniquenesses), "\n")
}
one(rc, "all10_recoded")
one(cc[c("anxious","jittery","nervous","tense","upset")], "tension5")

suppressMessages(library(multilevel))
cat("R", R.version.string, " multilevel", as.character(packageVersion("multilevel")), "\n")
data(lq2002)
cat("rows", nrow(lq2002), " NAs in items", sum(is.na(lq2002[,3:21])), " groups", length(unique(lq2002$COMPID)), "\n")
write.csv(lq2002[, c("COMPID", "SUB", sprintf("LEAD%02d", 1:11))], file.path(out, "lq2002_lead.csv"), row.names=FALSE, na="")
options(digits=15)
r1 <- rwg(lq2002$LEAD06, lq2002$COMPID, ranvar=2)
cat("rwg LEAD06 mean", sprintf("%.10f", mean(r1$rwg)), " q90(type7)", quantile(r1$rwg, .9), " share>.51", mean(r1$rwg > .51), "\n")
rj <- rwg.j(lq2002[,3:13], lq2002$COMPID, ranvar=2)
a1 <- awg(lq2002$LEAD05, lq2002$COMPID, range=c(1,5))
aj <- awg(lq2002[,3:13], lq2002$COMPID, range=c(1,5))
res <- data.frame(COMPID=r1$grpid, gsize=r1$gsize, rwg_LEAD06=r1$rwg, rwgj_LEAD=rj$rwg.j,
                  awg_LEAD05=a1$a.wg, awgj_LEAD=aj$a.wg, awgj_nitems=aj$nitems, awgj_nraters=aj$nraters)
stopifnot(all(rj$grpid==r1$grpid), all(a1$grpid==r1$grpid), all(aj$grpid==r1$grpid))
write.csv(res, file.path(out, "lq2002_r_multilevel.csv"), row.names=FALSE)
print(summary(res[,3:6]))
