# quoting: single, double, backslash, empty words, comments
echo 'single $HOME "x"' # a comment
echo "double 'x' \$ \" \\ \n"
echo back\ slash \$HOME \'q\'
echo a"b"'c'd
echo '' x "" y
echo "#not a comment" x#y
E=
echo [$E] $E [ok]
echo "a;b" 'c|d' e\&f "g>h"
