# Regenerates the R reference values used by tests/analytics/test_published_omega_rwg.py.
# Run ONCE by hand (the test suite never needs R):
#   apt-get install r-base-core r-cran-multilevel r-cran-psych r-cran-psychtools \
#                   r-cran-gparotation r-cran-lavaan r-cran-semtools
#   Rscript tests/analytics/data/r_reference_omega_rwg.R /tmp/rref
# Versions used: R 4.2.2, multilevel 2.7, psych 2.2.9, psychTools 2.2.9, lavaan 0.6.14,
# semTools 0.5.6. The raw CSVs written to the output folder were copied into this folder with a
# citation header (lq2002_lead.csv, lq2002_r_multilevel.csv, sai_anxiety.csv, bfi_openness.csv,
# fiml_random.csv, fiml_random_lavaan.csv); the printed omega values are quoted in the headers
# of sai_anxiety.csv and bfi_openness.csv.
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

# --- FIML one-factor omega: the published Flora (2020) / Arenas (2021) openness example -----
cat("R", R.version.string, " psychTools", as.character(packageVersion("psychTools")),
    " lavaan", as.character(packageVersion("lavaan")), " semTools", as.character(packageVersion("semTools")), "\n")
data(bfi, package="psychTools")
open <- bfi[, c("O1","O2","O3","O4","O5")]
write.csv(open, file.path(out, "bfi_openness.csv"), row.names=FALSE, na="")
d <- open; d$O2 <- 7 - d$O2; d$O5 <- 7 - d$O5
fit <- cfa('open =~ O1 + O2 + O3 + O4 + O5', data=d, std.lv=TRUE, missing='direct', estimator='MLR')
print(reliability(fit), digits=10)
pe <- parameterEstimates(fit)
L <- pe$est[pe$op=="=~"]; th <- pe$est[pe$op=="~~" & pe$lhs==pe$rhs & pe$lhs!="open"]; mu <- pe$est[pe$op=="~1" & pe$lhs!="open"]
tight <- suppressWarnings(cfa('open =~ O1 + O2 + O3 + O4 + O5', data=d, std.lv=TRUE, missing='ml',
  baseline=FALSE, control=list(rel.tol=1e-12, iter.max=10000, eval.max=20000)))
pt <- parameterEstimates(tight); Lt <- pt$est[pt$op=="=~"]; tht <- pt$est[pt$op=="~~" & pt$lhs==pt$rhs & pt$lhs!="open"]
cat(sprintf("bfi FIML rel.tol 1e-12: omega=%.10f loglik=%.10f\n", sum(Lt)^2/(sum(Lt)^2+sum(tht)), tight@loglik$loglik))
cat(sprintf("bfi FIML omega=%.10f\n", sum(L)^2/(sum(L)^2+sum(th))))
cat("loadings", sprintf("%.8f", L), "\nresid", sprintf("%.8f", th), "\nmeans", sprintf("%.8f", mu), "\n")
cat("logL", sprintf("%.6f", fitMeasures(fit, "logl")), "\n")
# random data with missing values, FIML (missing="ml"), reference for the independent check
set.seed(20261124)
rows <- list(); refs <- list()
for (s in 1:4) {
  n <- c(60, 150, 300, 40)[s]; k <- c(4, 5, 6, 3)[s]
  lam <- runif(k, 0.3, 1.2); psi <- runif(k, 0.3, 1.5); mu <- runif(k, 2, 4)
  f <- rnorm(n); x <- sapply(1:k, function(j) mu[j] + lam[j]*f + rnorm(n, sd=sqrt(psi[j])))
  x <- round(x, 3)
  miss <- matrix(runif(n*k) < c(0.05, 0.15, 0.25, 0.10)[s], n, k)
  miss[apply(miss, 1, all), 1] <- FALSE
  x[miss] <- NA
  colnames(x) <- paste0("q", 1:k)
  dd <- as.data.frame(x)
  model <- paste("f =~", paste(colnames(x), collapse=" + "))
  ft <- suppressWarnings(cfa(model, data=dd, std.lv=TRUE, missing="ml", baseline=FALSE,
             control=list(rel.tol=1e-12, iter.max=10000, eval.max=20000)))
  pe <- parameterEstimates(ft)
  L <- pe$est[pe$op=="=~"]; th <- pe$est[pe$op=="~~" & pe$lhs==pe$rhs & pe$lhs!="f"]
  om <- sum(L)^2/(sum(L)^2+sum(th))
  cr <- compRelSEM(ft, obs.var=FALSE)
  cat(sprintf("set %d n=%d k=%d omega=%.10f compRelSEM=%.10f loglik=%.8f\n", s, n, k, om, cr, ft@loglik$loglik))
  long <- data.frame(set=s, row=rep(1:n, k), item=rep(colnames(x), each=n), value=as.vector(x))
  rows[[s]] <- long
  refs[[s]] <- data.frame(set=s, n=n, k=k, omega=sprintf("%.12f", om), loglik=sprintf("%.8f", ft@loglik$loglik), loadings=paste(sprintf("%.10f", L), collapse=" "),
                          uniquenesses=paste(sprintf("%.10f", th), collapse=" "))
}
write.csv(do.call(rbind, rows), file.path(out, "fiml_random.csv"), row.names=FALSE, na="")
write.csv(do.call(rbind, refs), file.path(out, "fiml_random_lavaan.csv"), row.names=FALSE)
